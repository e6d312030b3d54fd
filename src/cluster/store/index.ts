/** The store: objects, resourceVersions, watch history and snapshots. */
export {
  Store,
  type StoreOptions,
  type WriteOptions,
  type StoreEvent,
  type StoreWatch,
  type DeletePreconditions,
} from './store.js';
export { passes, project, type StoreFilter, type StoredChange } from './filter.js';
export { exportSnapshot, importSnapshot, parseSnapshot, takeSnapshot, type Snapshot } from './snapshot.js';
export { clone, deepFreeze, jsonEqual, objectKeyString } from './keys.js';
