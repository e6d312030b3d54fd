/** The objects `kubectl create <generator>`, `run` and `expose` build, as real kubectl builds them. */
export * from './workloads.js';
export * from './data.js';
export * from './services.js';
