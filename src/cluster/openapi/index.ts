/**
 * OpenAPI v3 for `kubectl apply`/`create -f` validation, client-side apply patches and `kubectl
 * explain`: per group/version documents built from the validator's schemas, and the endpoint
 * that serves them.
 */
export { openApiHandler, type OpenApiOptions } from './endpoint.js';
export {
  groupVersionDocument,
  documentedGroupVersions,
  groupVersionPath,
  patchContentTypes,
} from './document.js';
export { componentSchema, componentSchemas, reachableDefinitions } from './schemas.js';
export { documentHash } from './hash.js';
export { wireExtensions } from './wire.js';
