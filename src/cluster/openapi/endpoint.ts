/**
 * The `/openapi/v3` endpoints as a `before` extension of the HTTP entry: the index (no-cache),
 * each group/version document at its hashed URL (`Cache-Control: public, immutable`, an ETag,
 * 304 for a matching If-None-Match), a stale hash redirected to the current one, and `/openapi/v2`
 * answered 404 (kubectl 1.32 only falls back to it).
 */
import type { ApiRequest, ApiResponse } from '../types.js';
import { splitUrl } from '../api/paths.js';
import type { ResourceRegistry } from '../api/resources.js';
import { resourceNotFound } from '../machinery/errors.js';
import { documentedGroupVersions, groupVersionDocument, groupVersionPath } from './document.js';
import { documentHash } from './hash.js';

/** Options of the OpenAPI endpoint. */
export interface OpenApiOptions {
  /**
   * List `application/strategic-merge-patch+json` on PATCH operations, so kubectl computes
   * client-side apply patches from these schemas (default true: the schemas carry the merge keys).
   */
  strategicMergePatch?: boolean;
}

interface Built {
  text: string;
  hash: string;
}

function json(status: number, body: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

/** Builds documents on first use and keeps them (the registry does not change while serving). */
export function openApiHandler(
  registry: ResourceRegistry,
  options: OpenApiOptions = {},
): (request: ApiRequest) => ApiResponse | undefined {
  const strategicMergePatch = options.strategicMergePatch ?? true;
  const docs = new Map<string, Built | null>();
  const gvs = new Map(documentedGroupVersions(registry).map((gv) => [groupVersionPath(gv), gv]));
  const build = (key: string): Built | undefined => {
    if (!docs.has(key)) {
      const gv = gvs.get(key);
      const doc = gv && groupVersionDocument(registry, gv, { strategicMergePatch });
      if (!doc) docs.set(key, null);
      else {
        const text = JSON.stringify(doc);
        docs.set(key, { text, hash: documentHash(text) });
      }
    }
    return docs.get(key) ?? undefined;
  };
  let index: string | undefined;

  return (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const { path, query } = splitUrl(request.url);
    const p = path.replace(/\/+$/, '');
    if (p === '/openapi/v2' || p.startsWith('/openapi/v2/')) {
      const s = resourceNotFound().status;
      return json(s.code, JSON.stringify(s));
    }
    if (p === '/openapi/v3') {
      index ??= JSON.stringify({
        paths: Object.fromEntries(
          [...gvs.keys()].map((key) => [
            key,
            { serverRelativeURL: `/openapi/v3/${key}?hash=${build(key)!.hash}` },
          ]),
        ),
      });
      return json(200, index, { 'cache-control': 'no-cache, private' });
    }
    if (!p.startsWith('/openapi/v3/')) return undefined;
    const built = build(p.slice('/openapi/v3/'.length));
    if (!built) {
      const s = resourceNotFound().status;
      return json(s.code, JSON.stringify(s));
    }
    const etag = `"${built.hash}"`;
    if (query.hash === undefined)
      return json(200, built.text, { 'cache-control': 'no-cache, private', etag });
    if (query.hash !== built.hash)
      return {
        status: 301,
        headers: { location: `${p}?hash=${built.hash}`, 'cache-control': 'no-cache, private' },
        body: '',
      };
    const cache = { 'cache-control': 'public, immutable', etag };
    if (request.headers['if-none-match'] === etag) return { status: 304, headers: cache, body: '' };
    return json(200, built.text, cache);
  };
}
