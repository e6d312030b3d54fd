import { describe, expect, it } from 'vitest';
import type { AstroUserConfig } from 'astro';

// Imported by URL so the type checker does not follow the config into Starlight's sources.
const configUrl = new URL('../../astro.config.mjs', import.meta.url).href;
const config = ((await import(configUrl)) as { default: AstroUserConfig }).default;

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

describe('site configuration', () => {
  it('serves cross-origin isolated from the dev server and the preview server', () => {
    // The e2e tests check the preview server's real responses; this pins the dev server's.
    expect(config.server).toMatchObject({ port: 4321, headers: isolation });
    expect(config.vite?.server?.headers).toEqual(isolation);
    expect(config.vite?.preview?.headers).toEqual(isolation);
  });
});
