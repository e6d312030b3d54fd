/**
 * Stages the type declarations of `kubernetes-models` for the schema generator.
 *
 * The package declares every type under a short name (`IContainer`, `IEndpointPort`) and exports
 * a long, unique alias (`IIoK8sApiCoreV1Container`). Short names collide across API groups
 * (core/v1 and discovery/v1 both have an `EndpointPort`), and the generator keys definitions by
 * declaration name, so this copies the declarations into a scratch folder with every declaration
 * renamed to its long alias, and records which Kubernetes OpenAPI name each alias stands for
 * (`IIoK8sApiCoreV1Container` -> `io.k8s.api.core.v1.Container`).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The staged tree and the alias -> OpenAPI definition name table. */
export interface Staged {
  root: string;
  names: Map<string, string>;
}

const PACKAGES: { name: string; openapiPrefix: (dir: string[]) => string }[] = [
  {
    name: 'kubernetes-models',
    // v1/Pod -> io.k8s.api.core.v1; apps/v1 -> io.k8s.api.apps.v1; networking.k8s.io/v1 -> io.k8s.api.networking.v1
    openapiPrefix: (dir) =>
      dir.length === 1
        ? `io.k8s.api.core.${dir[0]}`
        : `io.k8s.api.${dir[0]!.split('.')[0]}.${dir.slice(1).join('.')}`,
  },
  {
    name: '@kubernetes-models/apimachinery',
    // apis/meta/v1 -> io.k8s.apimachinery.pkg.apis.meta.v1
    openapiPrefix: (dir) => `io.k8s.apimachinery.pkg.${dir.join('.')}`,
  },
  { name: '@kubernetes-models/base', openapiPrefix: () => '' },
];

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Copies and rewrites the declarations from `nodeModules` into `root/node_modules`. */
export function stageDeclarations(nodeModules: string, root: string): Staged {
  const names = new Map<string, string>();
  for (const pkg of PACKAGES) {
    const from = join(nodeModules, pkg.name);
    const to = join(root, 'node_modules', pkg.name);
    for (const file of walk(from, [])) {
      const rel = relative(from, file);
      const target = join(to, rel);
      if (rel === 'package.json') {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
        continue;
      }
      if (!file.endsWith('.d.ts')) continue;
      let text = readFileSync(file, 'utf8');
      const exportLine = /export \{([^}]*)\};?\s*$/.exec(text);
      if (exportLine && !rel.startsWith('dist')) {
        const dir = rel.split(sep).slice(0, -1);
        for (const pair of exportLine[1]!.split(',')) {
          const m = /^\s*(\w+) as (\w+)\s*$/.exec(pair);
          if (!m || !m[2]!.startsWith('IIoK8s')) continue;
          const [, short, long] = m as unknown as [string, string, string];
          text = text.replace(new RegExp(`\\b${short}\\b`, 'g'), long);
          const typeName = rel
            .split(sep)
            .pop()!
            .replace(/\.d\.ts$/, '');
          names.set(long, `${pkg.openapiPrefix(dir)}.${typeName}`);
        }
      }
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  return { root, names };
}
