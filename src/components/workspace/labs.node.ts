/**
 * Node-only (build time): reads every lab folder under `labs/` into the bundle a lab page
 * embeds: `lab.yaml` and the files under `starter/`, `solution/` and `setup/`, by path.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { labSlug } from '../../content/labs.js';
import type { LabBundle } from '../../workspace/engine/types.js';

const LABS = join(process.cwd(), 'labs');

function walk(dir: string, prefix: string, out: Record<string, string>): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`, out);
    else out[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
}

export interface LabFolder extends LabBundle {
  dir: string;
}

export function readLabs(): LabFolder[] {
  if (!existsSync(LABS)) return [];
  return readdirSync(LABS)
    .filter((d) => /^\d+-/.test(d) && existsSync(join(LABS, d, 'lab.yaml')))
    .sort()
    .map((dir) => {
      const files: Record<string, string> = { 'lab.yaml': readFileSync(join(LABS, dir, 'lab.yaml'), 'utf8') };
      for (const sub of ['starter', 'solution', 'setup']) walk(join(LABS, dir, sub), `${sub}/`, files);
      return { dir, slug: labSlug(dir), files };
    });
}
