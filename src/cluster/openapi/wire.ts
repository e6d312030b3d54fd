/**
 * The wire extensions real kubectl needs, in one call: server-side Tables (ages from the cluster
 * clock) and the OpenAPI v3 endpoint, merged into any other extensions (body decoders...).
 */
import type { Clock } from '../types.js';
import type { HandlerExtensions } from '../api/handler.js';
import { ResourceRegistry } from '../api/resources.js';
import { tablePresenter } from '../printers/presenter.js';
import { openApiHandler, type OpenApiOptions } from './endpoint.js';

/**
 * `createCluster({ clock, extensions: wireExtensions(clock, { decoders }) })`. An existing `before`
 * is asked after the OpenAPI endpoint; an existing presenter is replaced.
 */
export function wireExtensions(
  clock: Pick<Clock, 'now'>,
  base: HandlerExtensions = {},
  options: OpenApiOptions & { registry?: ResourceRegistry } = {},
): HandlerExtensions {
  const openapi = openApiHandler(options.registry ?? ResourceRegistry.shared(), options);
  const before = base.before;
  return {
    ...base,
    presenter: tablePresenter(() => clock.now()),
    before: (request) => openapi(request) ?? before?.(request),
  };
}
