/**
 * Output formats (`-o`): yaml, json, name, jsonpath (and jsonpath-as-json), custom-columns,
 * with kubectl's `kind: List` wrapper for more than one object and managedFields hidden unless
 * `--show-managed-fields`.
 */
import type { KubeObject } from '../../cluster/types.js';
import { KubectlError } from '../errors.js';
import { executeJsonPath, evaluate, parsePath } from './jsonpath.js';
import { goJson, toJson } from './json.js';
import { goValue } from './go-value.js';
import { executeGoTemplate } from './go-template.js';
import { TabWriter } from './tabwriter.js';
import { toYaml } from './yaml.js';

export { toYaml } from './yaml.js';
export { toJson, goJson } from './json.js';
export { TablePrinter, formatLabels, type TableOptions } from './table.js';
export { TabWriter, tabwrite } from './tabwriter.js';
export { executeJsonPath } from './jsonpath.js';
export { goValue } from './go-value.js';
export { executeGoTemplate } from './go-template.js';

/** A parsed `-o` value. */
export interface OutputFormat {
  format:
    | ''
    | 'wide'
    | 'yaml'
    | 'json'
    | 'name'
    | 'jsonpath'
    | 'jsonpath-as-json'
    | 'custom-columns'
    | 'go-template';
  template?: string;
}

const ALLOWED =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** Parses `-o` (and `--template`); throws kubectl's error for an unknown format. */
export function parseOutput(value: string, template = ''): OutputFormat {
  if (value === '' || value === 'wide' || value === 'yaml' || value === 'json' || value === 'name')
    return { format: value };
  const eq = value.indexOf('=');
  const name = eq >= 0 ? value.slice(0, eq) : value;
  const arg = eq >= 0 ? value.slice(eq + 1) : template;
  if (name === 'jsonpath' || name === 'jsonpath-as-json') {
    if (!arg) throw new KubectlError('template format specified but no template given');
    return { format: name, template: arg };
  }
  if (name === 'custom-columns') {
    if (!arg) throw new KubectlError('custom-columns format specified but no custom columns given');
    return { format: 'custom-columns', template: arg };
  }
  if (name === 'go-template' || name === 'template') {
    if (!arg) throw new KubectlError('template format specified but no template given');
    return { format: 'go-template', template: arg };
  }
  throw new KubectlError(
    `unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED}`,
  );
}

/** Removes managedFields (kubectl hides them in yaml/json unless --show-managed-fields). */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** `deployment.apps/web`: kind.group/name from an object's apiVersion and kind. */
export function nameOf(obj: KubeObject): string {
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${obj.kind.toLowerCase()}${group ? `.${group}` : ''}/${obj.metadata.name}`;
}

/** The `kind: List` wrapper kubectl prints around several objects. */
export function listOf(items: KubeObject[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Custom columns: `NAME:.metadata.name,IMAGE:.spec.containers[*].image`. */
export function printCustomColumns(spec: string, objects: KubeObject[], noHeaders: boolean): string {
  const columns = spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0)
      throw new KubectlError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    let expr = part.slice(colon + 1).trim();
    if (expr.startsWith('{') && expr.endsWith('}')) expr = expr.slice(1, -1);
    if (!expr.startsWith('.') && !expr.startsWith('$') && !expr.startsWith('[')) expr = `.${expr}`;
    return { header: part.slice(0, colon), path: parsePath(expr) };
  });
  const w = new TabWriter({ minWidth: 10, padding: 3 });
  if (!noHeaders) w.write(`${columns.map((c) => c.header).join('\t')}\n`);
  for (const obj of objects) {
    const cells = columns.map((c) => {
      const values = evaluate(c.path, obj);
      return values.length === 0 ? '<none>' : values.map(goValue).join(',');
    });
    w.write(`${cells.join('\t')}\n`);
  }
  return w.flush();
}

/**
 * Prints objects in a non-table format. `single` is true when the user named exactly one object
 * (kubectl prints it bare instead of inside a List).
 */
export function printObjects(
  format: OutputFormat,
  objects: KubeObject[],
  options: { single: boolean; showManagedFields?: boolean; noHeaders?: boolean },
): string {
  const objs = options.showManagedFields ? objects : objects.map(withoutManagedFields);
  const data = options.single && objs.length === 1 ? objs[0] : listOf(objs);
  switch (format.format) {
    case 'yaml':
      return toYaml(data);
    case 'json':
      return toJson(data);
    case 'name':
      return objs.map((o) => `${nameOf(o)}\n`).join('');
    case 'jsonpath':
      return executeJsonPath(format.template!, data);
    case 'jsonpath-as-json': {
      const results = evaluate(parsePath(format.template!.replace(/^\{|\}$/g, '')), data);
      return `${goJson(results)}\n`;
    }
    case 'go-template':
      return executeGoTemplate(format.template!, data);
    case 'custom-columns':
      return printCustomColumns(format.template!, objs, options.noHeaders ?? false);
    default:
      throw new KubectlError(`kubectl internal error: printObjects called with format "${format.format}"`);
  }
}
