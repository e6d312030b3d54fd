/** JSON Patch (RFC 6902), the `application/json-patch+json` patch type (`kubectl rollout undo`). */

/** One operation of a JSON Patch document. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

/** A patch that is malformed (400) or whose operation cannot apply (422), with a message. */
export class JsonPatchError extends Error {
  constructor(
    message: string,
    /** `malformed`: the document is not a JSON Patch; `failed`: an operation did not apply. */
    readonly kind: 'malformed' | 'failed',
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`, 'malformed');
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return v !== null && typeof v === 'object';
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isContainer(a) && isContainer(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

function copy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Resolves the parent container of `path` and the last token. */
function parentOf(doc: unknown, tokens: string[], path: string): { parent: Container; key: string } {
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(t) || Number(t) >= cur.length)
        throw new JsonPatchError(`doc is missing path: "${path}": missing value`, 'failed');
      cur = cur[Number(t)];
    } else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, t)) {
      cur = (cur as Record<string, unknown>)[t];
    } else throw new JsonPatchError(`doc is missing path: "${path}": missing value`, 'failed');
  }
  if (!isContainer(cur)) throw new JsonPatchError(`doc is missing path: "${path}": missing value`, 'failed');
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function get(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of parsePointer(path)) {
    if (Array.isArray(cur) && /^\d+$/.test(t) && Number(t) < cur.length) cur = cur[Number(t)];
    else if (isContainer(cur) && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, t))
      cur = cur[t];
    else throw new JsonPatchError(`doc is missing path: "${path}": missing value`, 'failed');
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : /^\d+$/.test(key) ? Number(key) : -1;
    if (i < 0 || i > parent.length)
      throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced`, 'failed');
    parent.splice(i, 0, value);
  } else parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new JsonPatchError('cannot remove the whole document', 'failed');
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    if (!/^\d+$/.test(key) || Number(key) >= parent.length)
      throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`, 'failed');
    parent.splice(Number(key), 1);
  } else {
    if (!Object.prototype.hasOwnProperty.call(parent, key))
      throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`, 'failed');
    delete parent[key];
  }
  return doc;
}

/** Checks that `ops` is a JSON Patch document (an array of operations). */
export function parseJsonPatch(ops: unknown): JsonPatchOperation[] {
  if (!Array.isArray(ops))
    throw new JsonPatchError(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      'malformed',
    );
  for (const op of ops) {
    if (!isContainer(op) || Array.isArray(op))
      throw new JsonPatchError(
        'json: cannot unmarshal into Go value of type jsonpatch.Operation',
        'malformed',
      );
    const o = op as Record<string, unknown>;
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(o.op as string))
      throw new JsonPatchError(`Unexpected kind: ${String(o.op)}`, 'malformed');
    if (typeof o.path !== 'string') throw new JsonPatchError(`operation missing path field`, 'malformed');
    if ((o.op === 'move' || o.op === 'copy') && typeof o.from !== 'string')
      throw new JsonPatchError(`operation missing from field`, 'malformed');
    if ((o.op === 'add' || o.op === 'replace' || o.op === 'test') && !('value' in o))
      throw new JsonPatchError(`operation missing value field`, 'malformed');
  }
  return ops as JsonPatchOperation[];
}

/** Applies a JSON Patch to a copy of `doc`, all or nothing. Throws `JsonPatchError`. */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  let out = copy(doc);
  for (const op of parseJsonPatch(patch)) {
    switch (op.op) {
      case 'add':
        out = add(out, op.path, copy(op.value));
        break;
      case 'remove':
        out = remove(out, op.path);
        break;
      case 'replace':
        {
          get(out, op.path);
          const tokens = parsePointer(op.path);
          if (tokens.length === 0) out = copy(op.value);
          else {
            const { parent, key } = parentOf(out, tokens, op.path);
            if (Array.isArray(parent)) parent[Number(key)] = copy(op.value);
            else parent[key] = copy(op.value);
          }
        }
        break;
      case 'move': {
        const value = get(out, op.from!);
        out = add(remove(out, op.from!), op.path, value);
        break;
      }
      case 'copy':
        out = add(out, op.path, copy(get(out, op.from!)));
        break;
      case 'test':
        if (!deepEqual(get(out, op.path), op.value))
          throw new JsonPatchError(`testing value ${op.path} failed: test failed`, 'failed');
        break;
    }
  }
  return out;
}
