/**
 * The list of implemented commands. Each command module calls `register(spec)` once when it is
 * imported; src/kubectl/commands/index.ts imports every module (one line each).
 */
import type { CommandSpec } from './types.js';

/** Registered commands, in import order. */
export const COMMANDS: CommandSpec[] = [];

/** Adds a command (called at the top level of its module). Registering a name twice is a bug. */
export function register(spec: CommandSpec): CommandSpec {
  if (COMMANDS.some((c) => c.name === spec.name))
    throw new Error(`kubectl internal error: command "${spec.name}" registered twice`);
  COMMANDS.push(spec);
  return spec;
}
