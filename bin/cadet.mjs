#!/usr/bin/env node
// The `cadet` command: runs the TypeScript host (src/hosts/cli.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/hosts/cli.ts');
const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`),
  err: (line) => process.stderr.write(line.endsWith('\n') ? line : `${line}\n`),
  cwd: process.cwd(),
});
process.exitCode = code;
