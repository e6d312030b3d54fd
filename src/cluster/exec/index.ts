/**
 * `kubectl exec` in the simulated cluster: pure, for `cadet serve`'s WebSocket stream and for
 * Cadet's own kubectl in process. See README.md.
 */
export {
  openExec,
  execInPod,
  exitStatus,
  execRequestFromQuery,
  ExecSession,
  type ExecRequest,
  type ExecResult,
  type ExecSink,
  type ExitStatus,
} from './session.js';
export { resolveTarget, checkTarget, isRefusal, type ExecRefusal, type ExecTarget } from './target.js';
export type { ExecCluster, Output } from './tools.js';
export { imageProfile, type ImageProfile } from './images.js';
export { containerEnvironment, serviceVariables } from './env.js';
export { containerFileSystem, resolvConf, hostsFile } from './fs.js';
