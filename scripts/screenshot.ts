/**
 * Takes the README's screenshot: the course map of a freshly built site, in headless Chromium.
 * Usage: npx tsx scripts/screenshot.ts [out.png]
 */
import { launch } from '../test/e2e/support/browser';
import { buildSite, serveSite } from '../test/e2e/support/site';

const out = process.argv[2] ?? 'docs/screenshot.png';
const site = await serveSite(buildSite());
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`${site.url}/`, { waitUntil: 'networkidle' });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await site.stop();
}
