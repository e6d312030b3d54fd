/**
 * OpenAPI v3 documents, one per served group/version (`api/v1`, `apis/apps/v1`, ...): a path
 * per collection, item, all-namespaces list and status subresource with its operations (GET,
 * POST, PUT, PATCH, DELETE as the resource's verbs allow), each tagged with
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind`; PATCH carries `fieldValidation`
 * (kubectl's strict validation checks for it) and lists the patch types the server takes; and
 * `components.schemas` for every kind of the group/version and what it references.
 */
import type { ResourceInfo, ResourceRegistry } from '../api/resources.js';
import { findKind } from '../validation/kinds.js';
import { componentSchemas } from './schemas.js';
import { CONVERTED_DEPENDENCIES, CONVERTED_ROOTS, CONVERTED_SCHEMAS } from './converted.js';

type Json = Record<string, unknown>;

const REF = '#/components/schemas/';
const PATCH_REF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

/** The patch content types every PATCH operation accepts (strategic merge only when asked for). */
export function patchContentTypes(strategic: boolean): string[] {
  const types = [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
  ];
  if (strategic) types.push('application/strategic-merge-patch+json');
  return types;
}

/** `api/v1` or `apis/apps/v1`: the key of a group/version in the `/openapi/v3` index. */
export function groupVersionPath(gv: { group: string; version: string }): string {
  return gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
}

function queryParam(name: string, description: string, type = 'string'): Json {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const PARAMS = {
  name: (info: ResourceInfo): Json => ({
    name: 'name',
    in: 'path',
    required: true,
    description: `name of the ${info.kind}`,
    schema: { type: 'string', uniqueItems: true },
  }),
  namespace: {
    name: 'namespace',
    in: 'path',
    required: true,
    description: 'object name and auth scope, such as for teams and projects',
    schema: { type: 'string', uniqueItems: true },
  },
  pretty: queryParam('pretty', "If 'true', then the output is pretty printed."),
  dryRun: queryParam(
    'dryRun',
    'When present, indicates that modifications should not be persisted. The only valid value is All.',
  ),
  fieldManager: queryParam(
    'fieldManager',
    'A name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: queryParam(
    'fieldValidation',
    'How the server treats unknown and duplicate fields in the request: Ignore, Warn (the default) or Strict.',
  ),
  force: queryParam(
    'force',
    'Force is going to "force" Apply requests (re-acquire conflicting fields).',
    'boolean',
  ),
  list: [
    queryParam('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
    queryParam('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
    queryParam('limit', 'The maximum number of objects a list call returns.', 'integer'),
    queryParam('continue', 'The continue token of the previous page of a list.'),
    queryParam('resourceVersion', 'Which resource versions a request may be served from.'),
    queryParam('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
    queryParam('watch', 'Watch for changes to the described resources.', 'boolean'),
    queryParam('allowWatchBookmarks', 'Requests watch events of type BOOKMARK.', 'boolean'),
  ],
  delete: [
    queryParam(
      'gracePeriodSeconds',
      'The duration in seconds before the object should be deleted.',
      'integer',
    ),
    queryParam(
      'propagationPolicy',
      'Whether and how garbage collection will be performed: Orphan, Background or Foreground.',
    ),
  ],
};

function jsonContent(schemaName: string): Json {
  return { 'application/json': { schema: { $ref: `${REF}${schemaName}` } } };
}

function ok(schemaName: string, code = '200'): Json {
  return { [code]: { description: code === '201' ? 'Created' : 'OK', content: jsonContent(schemaName) } };
}

interface OperationSpec {
  action: string;
  verb: string;
  description: string;
  parameters: Json[];
  responses: Json;
  requestBody?: Json;
}

function operation(info: ResourceInfo, scope: string, o: OperationSpec): Json {
  const out: Json = {
    tags: [
      info.group
        ? `${info.group.replace(/\.k8s\.io$|\.io$/, '').replace(/\./g, '_')}_${info.version}`
        : `core_${info.version}`,
    ],
    description: o.description,
    operationId: `${o.verb}${scope}${info.kind}`,
    parameters: o.parameters,
    responses: { ...o.responses, '401': { description: 'Unauthorized' } },
    'x-kubernetes-action': o.action,
    'x-kubernetes-group-version-kind': { group: info.group, version: info.version, kind: info.kind },
  };
  if (o.requestBody) out.requestBody = o.requestBody;
  return out;
}

function pathsFor(info: ResourceInfo, definition: string, strategic: boolean): Record<string, Json> {
  const base = `/${groupVersionPath(info)}`;
  const collection = info.namespaced
    ? `${base}/namespaces/{namespace}/${info.resource}`
    : `${base}/${info.resource}`;
  const item = `${collection}/{name}`;
  const scope = info.namespaced ? 'Namespaced' : '';
  const can = (verb: string) => info.verbs.includes(verb);
  const listKind = `${definition}List`;
  const paths: Record<string, Json> = {};
  const common = info.namespaced ? [PARAMS.namespace, PARAMS.pretty] : [PARAMS.pretty];
  const body = { content: jsonContent(definition), required: true };

  const coll: Json = { parameters: common };
  if (can('list'))
    coll.get = operation(info, scope, {
      action: 'list',
      verb: 'list',
      description: `list or watch objects of kind ${info.kind}`,
      parameters: PARAMS.list,
      responses: ok(listKind),
    });
  if (can('create'))
    coll.post = operation(info, scope, {
      action: 'post',
      verb: 'create',
      description: `create a ${info.kind}`,
      parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
      requestBody: body,
      responses: { ...ok(definition), ...ok(definition, '201') },
    });
  if (can('deletecollection'))
    coll.delete = operation(info, scope, {
      action: 'deletecollection',
      verb: 'deleteCollection',
      description: `delete collection of ${info.kind}`,
      parameters: [...PARAMS.list, ...PARAMS.delete, PARAMS.dryRun],
      requestBody: { content: jsonContent(DELETE_OPTIONS) },
      responses: ok(STATUS),
    });
  paths[collection] = coll;

  const one: Json = { parameters: [PARAMS.name(info), ...common] };
  if (can('get'))
    one.get = operation(info, scope, {
      action: 'get',
      verb: 'read',
      description: `read the specified ${info.kind}`,
      parameters: [],
      responses: ok(definition),
    });
  if (can('update'))
    one.put = operation(info, scope, {
      action: 'put',
      verb: 'replace',
      description: `replace the specified ${info.kind}`,
      parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
      requestBody: body,
      responses: { ...ok(definition), ...ok(definition, '201') },
    });
  if (can('patch'))
    one.patch = operation(info, scope, {
      action: 'patch',
      verb: 'patch',
      description: `partially update the specified ${info.kind}`,
      parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation, PARAMS.force],
      requestBody: {
        content: Object.fromEntries(
          patchContentTypes(strategic).map((t) => [t, { schema: { $ref: `${REF}${PATCH_REF}` } }]),
        ),
        required: true,
      },
      responses: { ...ok(definition), ...ok(definition, '201') },
    });
  if (can('delete'))
    one.delete = operation(info, scope, {
      action: 'delete',
      verb: 'delete',
      description: `delete a ${info.kind}`,
      parameters: [...PARAMS.delete, PARAMS.dryRun],
      requestBody: { content: jsonContent(DELETE_OPTIONS) },
      responses: { ...ok(STATUS), '202': { description: 'Accepted', content: jsonContent(STATUS) } },
    });
  paths[item] = one;

  if (info.namespaced && can('list'))
    paths[`${base}/${info.resource}`] = {
      parameters: [PARAMS.pretty],
      get: operation(info, 'ForAllNamespaces', {
        action: 'list',
        verb: 'list',
        description: `list or watch objects of kind ${info.kind}`,
        parameters: PARAMS.list,
        responses: ok(listKind),
      }),
    };

  if (info.subresources.includes('status'))
    paths[`${item}/status`] = {
      parameters: [PARAMS.name(info), ...common],
      get: operation(info, scope, {
        action: 'get',
        verb: 'read',
        description: `read status of the specified ${info.kind}`,
        parameters: [],
        responses: ok(definition),
      }),
      put: operation(info, scope, {
        action: 'put',
        verb: 'replace',
        description: `replace status of the specified ${info.kind}`,
        parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
        requestBody: body,
        responses: ok(definition),
      }),
      patch: operation(info, scope, {
        action: 'patch',
        verb: 'patch',
        description: `partially update status of the specified ${info.kind}`,
        parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation, PARAMS.force],
        requestBody: {
          content: Object.fromEntries(
            patchContentTypes(strategic).map((t) => [t, { schema: { $ref: `${REF}${PATCH_REF}` } }]),
          ),
          required: true,
        },
        responses: ok(definition),
      }),
    };
  return paths;
}

function listSchema(info: ResourceInfo, definition: string): Json {
  return {
    type: 'object',
    description: `${info.listKind} is a list of ${info.kind} objects.`,
    required: ['items'],
    properties: {
      apiVersion: {
        type: 'string',
        description: 'APIVersion defines the versioned schema of this representation of an object.',
      },
      kind: {
        type: 'string',
        description: 'Kind is a string value representing the REST resource this object represents.',
      },
      items: {
        type: 'array',
        description: `List of ${info.resource}.`,
        items: { allOf: [{ $ref: `${REF}${definition}` }], default: {} },
      },
      metadata: {
        type: 'object',
        description: "Standard list metadata: the list's resourceVersion and continue token.",
      },
    },
    'x-kubernetes-group-version-kind': [{ group: info.group, kind: info.listKind, version: info.version }],
  };
}

const EXTRA_SCHEMAS: Record<string, Json> = {
  [PATCH_REF]: {
    type: 'object',
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  },
  [STATUS]: {
    type: 'object',
    description: 'Status is a return value for calls that do not return other objects.',
    properties: {
      code: {
        type: 'integer',
        format: 'int32',
        description: 'Suggested HTTP return code for this status, 0 if not set.',
      },
      message: {
        type: 'string',
        description: 'A human-readable description of the status of this operation.',
      },
      reason: {
        type: 'string',
        description: 'A machine-readable description of why this operation is in the "Failure" status.',
      },
      status: { type: 'string', description: 'Status of the operation. One of: "Success" or "Failure".' },
    },
  },
};

/** The OpenAPI v3 document of one group/version; undefined when the registry does not serve it. */
export function groupVersionDocument(
  registry: ResourceRegistry,
  gv: { group: string; version: string },
  options: { strategicMergePatch: boolean },
): Json | undefined {
  const served = registry.all.filter((i) => i.group === gv.group && i.version === gv.version && !i.virtual);
  if (served.length === 0) return undefined;
  const paths: Record<string, Json> = {};
  const roots: string[] = [DELETE_OPTIONS];
  const lists: Record<string, Json> = {};
  const converted: Record<string, Json> = {};
  for (const info of served) {
    const kind = findKind({ group: info.group, version: info.version, kind: info.kind });
    const convertedRoot = CONVERTED_ROOTS[`${info.group}/${info.version}/${info.kind}`];
    const definition = kind?.definition ?? convertedRoot;
    if (!definition) continue;
    if (kind) roots.push(kind.definition);
    else {
      // a version served by conversion: hand-written schemas over the generated ObjectMeta
      roots.push(...CONVERTED_DEPENDENCIES);
      Object.assign(converted, CONVERTED_SCHEMAS);
    }
    lists[`${definition}List`] = listSchema(info, definition);
    Object.assign(paths, pathsFor(info, definition, options.strategicMergePatch));
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: {
      schemas: { ...componentSchemas(roots), ...converted, ...lists, ...EXTRA_SCHEMAS },
    },
  };
}

/** The group/versions that have a document, in discovery order. */
export function documentedGroupVersions(registry: ResourceRegistry): { group: string; version: string }[] {
  return registry
    .groupVersions()
    .filter((gv) => registry.all.some((i) => i.group === gv.group && i.version === gv.version && !i.virtual))
    .map((gv) => ({ group: gv.group, version: gv.version }));
}
