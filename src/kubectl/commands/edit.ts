/**
 * `kubectl edit (TYPE NAME | TYPE/NAME | -f FILE)`: the object as YAML in the host's editor
 * (`env.edit`: the lab's editor in a browser, $EDITOR in a terminal) under kubectl's header; the
 * two-way strategic merge patch of the changes is sent; an invalid edit reopens the editor with
 * the server's errors as comments, as kubectl does.
 */
import { parse } from 'yaml';
import { ApiError, type KubeObject } from '../../cluster/types.js';
import { register } from '../command-list.js';
import { KubectlError } from '../errors.js';
import { FILENAME, KUSTOMIZE, OUTPUT, RECURSIVE, SELECTOR } from '../flags.js';
import { toYaml, withoutManagedFields } from '../printers/index.js';
import { goJson } from '../apply/last-applied.js';
import { cursorOf, twoWayMergePatch } from '../apply/three-way.js';
import {
  argTargets,
  manifestTargets,
  printChanged,
  targetName,
  targetUrl,
  withQuery,
  type Target,
} from '../apply/targets.js';
import { resourceGroup } from '../resources.js';

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** The text without comment lines (kubectl ignores lines starting with `#`). */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
}

function errorComment(label: string, error: ApiError): string {
  const causes = error.status.details?.causes ?? [];
  const lines = [`# ${label} was not valid:`];
  if (causes.length === 0) lines.push(`# * ${error.status.message}`);
  for (const c of causes) lines.push(`# * ${c.field ? `${c.field}: ` : ''}${c.message}`);
  return `${lines.join('\n')}\n#\n`;
}

async function editOne(
  ctx: import('../types.js').CommandContext,
  t: Target,
  fileName: string,
): Promise<number> {
  const original = await ctx.client.get<KubeObject>(targetUrl(t));
  const edit = ctx.env.edit;
  if (!edit)
    throw new KubectlError('no editor is available here (kubectl edit needs the host to provide one)');
  const label = `${resourceGroup(t.resource)} "${t.name}"`;
  const body = toYaml(withoutManagedFields(original));
  let text = HEADER + body;
  let failed: ApiError | undefined;
  for (;;) {
    const edited = await edit(text, fileName);
    if (edited === null) {
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    const content = stripComments(edited);
    if (content === stripComments(text)) {
      if (!failed) {
        ctx.err('Edit cancelled, no changes made.\n');
        return 0;
      }
      ctx.err(`error: ${label} is invalid\nA copy of your changes has been stored to "${fileName}"\n`);
      throw new KubectlError('Edit cancelled, no valid changes were saved.');
    }
    if (content.trim() === '') {
      // kubectl 1.32 validates the empty object and reopens the file with this error
      failed = new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'empty',
        reason: 'Invalid',
        code: 422,
      });
      text = `${HEADER}# ${label} was not valid:\n# * <nil>: Invalid value: "The edited file failed validation": invalid object to validate\n#\n${content}`;
      continue;
    }
    let updated: unknown;
    try {
      updated = parse(content, { version: '1.1' }) as unknown;
    } catch (e) {
      text = `${HEADER}# The edited file had a syntax error: ${(e as Error).message.split('\n')[0]}\n#\n${content}`;
      failed = new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'syntax error',
        reason: 'Invalid',
        code: 422,
      });
      continue;
    }
    const obj = updated as Record<string, unknown>;
    const meta = (obj.metadata ?? {}) as Record<string, unknown>;
    if (
      obj.apiVersion !== original.apiVersion ||
      obj.kind !== original.kind ||
      meta.name !== original.metadata.name
    )
      throw new KubectlError(`At least one of apiVersion, kind and name was changed`);
    const patch = twoWayMergePatch(
      withoutManagedFields(original) as unknown as Record<string, unknown>,
      obj,
      cursorOf(obj),
    );
    if (Object.keys(patch).length === 0) {
      ctx.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    try {
      const result = await ctx.client.request<KubeObject>(
        'PATCH',
        withQuery(targetUrl(t), { fieldManager: ctx.flags.string('field-manager') || 'kubectl-edit' }),
        { body: goJson(patch), contentType: 'application/strategic-merge-patch+json' },
      );
      printChanged(ctx, result, targetName(t), 'edited', 'none');
      return 0;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status.reason !== 'Invalid') throw e;
      failed = e;
      text = HEADER + errorComment(label, e) + content;
    }
  }
}

register({
  name: 'edit',
  short: 'Edit a resource on the server',
  group: 'Basic Commands (Intermediate)',
  usage: 'edit (RESOURCE/NAME | -f FILENAME) [options]',
  flags: [
    FILENAME('Filename, directory, or URL to files to use to edit the resource'),
    RECURSIVE,
    KUSTOMIZE,
    SELECTOR,
    OUTPUT(),
    {
      name: 'field-manager',
      type: 'string',
      default: 'kubectl-edit',
      usage: 'Name of the manager used to track field ownership.',
    },
    {
      name: 'save-config',
      type: 'bool',
      usage: 'If true, the configuration of current object will be saved in its annotation.',
    },
    {
      name: 'windows-line-endings',
      type: 'bool',
      usage: 'Defaults to the line ending native to your platform.',
    },
    {
      name: 'validate',
      type: 'string',
      default: 'strict',
      noOptDefault: 'strict',
      usage: 'Schema validation.',
    },
    {
      name: 'subresource',
      type: 'string',
      usage: 'If specified, edit will operate on the subresource of the requested object.',
    },
    {
      name: 'show-managed-fields',
      type: 'bool',
      usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
    },
  ],
  async run(ctx) {
    const files = ctx.flags.list('filename');
    if (files.length === 0 && ctx.args.length === 0) throw new KubectlError(NO_RESOURCES);
    if (files.length === 0 && ctx.args.length === 1 && !ctx.args[0]!.includes('/'))
      throw new KubectlError("Cadet's kubectl edits one object at a time: name it (TYPE NAME or TYPE/NAME)");
    const targets =
      files.length > 0 ? await manifestTargets(ctx, { validate: false }) : await argTargets(ctx, ctx.args);
    let n = 0;
    for (const t of targets) {
      const code = await editOne(
        ctx,
        t,
        `/tmp/kubectl-edit-${t.resource.resource}-${t.name}${n++ ? `-${n}` : ''}.yaml`,
      );
      if (code !== 0) return code;
    }
    return 0;
  },
});
