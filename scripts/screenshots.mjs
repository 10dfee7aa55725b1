// Screenshots for the README and docs/images: the HTML report of a real run (`boundwise profile
// FILE --html`) in Debian's Chromium through playwright-core, the whole report in a light and a dark
// colour scheme and its flame graph in both views. Usage, after `npm run build`:
//   node bin/boundwise.js profile examples/python/mixed_pipeline.py --html /tmp/report.html
//   node scripts/screenshots.mjs /tmp/report.html docs/images crunch
// (the last argument: the function whose sandwich view is shown). With `--name NAME` only the whole
// report is taken, as NAME-light.png and NAME-dark.png (the server report of docs/servers.md:
//   node scripts/screenshots.mjs /tmp/server.html docs/images --name server-report).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const nameAt = args.indexOf('--name');
const name = nameAt >= 0 ? args.splice(nameAt, 2)[1] : undefined;
const [html, outDir = 'docs/images', hot] = args;
if (!html || !existsSync(html)) {
  console.error('usage: node scripts/screenshots.mjs REPORT.html [OUT_DIR] [FUNCTION]  (REPORT.html from boundwise profile FILE --html)');
  process.exit(2);
}
const executablePath = [process.env.BOUNDWISE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!executablePath) {
  console.error('screenshots: no Chromium found (apt-get install chromium, or set BOUNDWISE_CHROMIUM).');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(resolve(html)).href);
    await page.waitForLoadState('load');
    await page.screenshot({ path: join(outDir, `${name ?? 'report'}-${scheme}.png`) });
    if (name) {
      await page.close();
      continue;
    }
    const flame = page.locator('#flame-graph');
    for (const view of ['left-heavy', 'sandwich']) {
      if (view === 'sandwich') {
        // The sandwich of the function the run computed in most (the hottest one on the CPU).
        await page.click('.fg-view[data-view="sandwich"]');
        if (hot) await page.click(`.fg-functions tr[data-key^="${hot}"]`);
      }
      await flame.screenshot({ path: join(outDir, `flame-${view}-${scheme}.png`) });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`screenshots written to ${outDir}`);
