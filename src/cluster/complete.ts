/**
 * `createCompleteCluster()`: a cluster core with everything a real API server has switched on:
 * defaulting, validation and admission, field management and server-side apply, strategic merge
 * patch, server-side Tables, OpenAPI v3 and protobuf/YAML body decoding. `cadet serve`, the
 * in-process kubectl, the grader and the browser labs all start their clusters here, so they
 * behave alike. Pure: runs in Node and in a browser worker.
 */
import { createCluster, type Cluster, type ClusterOptions } from './index.js';
import { VirtualClock } from './clock.js';
import { validationHooks } from './validation/hooks.js';
import { bodyDecoders } from './body-decoders.js';
import { withAdmission } from './api/admission/index.js';
import { wireExtensions } from './openapi/index.js';
import { patchHandlers, withFieldManagement } from './machinery/server-side-apply/index.js';

/** Options of `createCompleteCluster`: those of `createCluster` minus what it wires itself. */
export type CompleteClusterOptions = Omit<ClusterOptions, 'hooks' | 'patchHandlers' | 'extensions'>;

/** Creates a cluster core wired like a real API server (see the module comment). */
export function createCompleteCluster(options: CompleteClusterOptions = {}): Cluster {
  const clock = options.clock ?? new VirtualClock();
  return createCluster({
    ...options,
    clock,
    hooks: withFieldManagement(withAdmission(validationHooks())),
    patchHandlers: patchHandlers(),
    extensions: wireExtensions(clock, { decoders: bodyDecoders() }),
  });
}
