/**
 * The command registry: one import line per command module (each module calls `register`).
 * Help and suggestions follow kubectl's own order (registry.ts), not the order here.
 * Add yours here; see src/kubectl/README.md.
 */
export { COMMANDS } from '../command-list.js';
import './get.js';
import './apply.js';
import './describe.js';
import './logs.js';
import './top.js';
import './wait.js';
import './create.js';
import './config.js';
import './delete.js';
import './api-resources.js';
import './version.js';
import './run.js';
import './expose.js';
import './scale.js';
import './exec.js';
import './set.js';
import './explain.js';
import './rollout.js';
import './completion.js';
import './label.js';
import './patch.js';
import './replace.js';
import './nodes.js';
import './help.js';
import './edit.js';
import './diff.js';
