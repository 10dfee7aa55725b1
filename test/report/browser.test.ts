// The report in a real browser engine (Debian's Chromium through playwright-core): the CSP lets our
// own styles and script run and blocks nothing of ours, nothing is fetched from the network, and
// report.js posts the messages the extension expects. Skipped when no Chromium is installed.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderReportHtml, renderReportWebview } from '../../src/report';
import { findMediaDir } from '../../src/report/assets';
import { cpuBound, ioBound, mixed, smallProfile, withPrevious } from './fixtures';

const CHROMIUM = [process.env.BOUNDWISE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const ARTIFACTS = resolve(__dirname, '../../../test-results/report');

interface Watched {
  page: Page;
  violations: string[];
  errors: string[];
  requests: string[];
}

async function open(browser: Browser, file: string, options: { colorScheme?: 'light' | 'dark'; vscodeApi?: boolean } = {}): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const watched: Watched = { page, violations: [], errors: [], requests: [] };
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) watched.violations.push(m.text());
  });
  page.on('pageerror', (e) => watched.errors.push(String(e)));
  page.on('request', (r) => watched.requests.push(r.url()));
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    ${options.vscodeApi ? `window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });` : ''}
  `);
  await page.goto(pathToFileURL(file).href);
  await page.waitForLoadState('load');
  return watched;
}

/** Evaluates a browser-side expression (a string: this project compiles without DOM types). */
function js<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

async function posted(page: Page): Promise<Array<Record<string, unknown>>> {
  return js(page, 'window.__posted.splice(0)');
}

async function assertClean(w: Watched): Promise<void> {
  const inPage = await js<string[]>(w.page, 'window.__violations');
  assert.deepEqual([...w.violations, ...inPage], [], 'no CSP violations');
  assert.deepEqual(w.errors, [], 'no script errors');
  const foreign = w.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'nothing fetched beyond the file itself');
}

describe('report in Chromium', function () {
  this.timeout(60000);
  let browser: Browser | undefined;
  let dir = '';

  before(async function () {
    if (!CHROMIUM) return this.skip();
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'bw-report-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`standalone file (${scheme}): styles and script run under the CSP, nothing remote, actions hidden`, async () => {
      const file = join(dir, `standalone-${scheme}.html`);
      writeFileSync(file, renderReportHtml(cpuBound, { cpuProfile: smallProfile, previous: withPrevious(cpuBound, 16020) }));
      const w = await open(browser!, file, { colorScheme: scheme });
      try {
        assert.equal(await js(w.page, "document.body.classList.contains('no-host')"), true, 'report.js ran');
        const radius = await js(w.page, "getComputedStyle(document.querySelector('.card')).borderTopLeftRadius");
        assert.equal(radius, '8px', 'report.css applied');
        const bg = await js(w.page, 'getComputedStyle(document.body).backgroundColor');
        assert.equal(bg, scheme === 'dark' ? 'rgb(15, 18, 22)' : 'rgb(255, 255, 255)', 'follows prefers-color-scheme');
        await assertClean(w);
        await w.page.screenshot({ path: join(ARTIFACTS, `standalone-${scheme}.png`), fullPage: true });
      } finally {
        await w.page.close();
      }
    });
  }

  it('webview: posts ready, open (click, Enter, row click, flame frame), rerun and export; honours busy', async () => {
    const media = findMediaDir()!;
    const file = join(dir, 'webview.html');
    writeFileSync(file, renderReportWebview(mixed, {
      cspSource: 'file:',
      nonce: 'bm9uY2Utd2Vidmlldy10ZXN0',
      scriptUri: pathToFileURL(join(media, 'report.js')).href,
      styleUri: pathToFileURL(join(media, 'report.css')).href,
      cpuProfile: smallProfile,
      previous: withPrevious(mixed, 7000),
    }));
    const w = await open(browser!, file, { vscodeApi: true });
    const { page } = w;
    try {
      assert.deepEqual(await posted(page), [{ type: 'ready' }]);
      const open = { type: 'open', file: '/srv/app/routes/login.js', line: 18 };

      await page.click('#hotspots tbody tr:nth-child(2) button.loc');
      assert.deepEqual(await posted(page), [open], 'click on the location');

      await page.focus('#hotspots tbody tr:nth-child(2) button.loc');
      await page.keyboard.press('Enter');
      assert.deepEqual(await posted(page), [open], 'Enter on the location');

      await page.click('#hotspots tbody tr:nth-child(2) th');
      assert.deepEqual(await posted(page), [open], 'click elsewhere on the row');

      await page.click('#blocking tbody tr:first-child button.loc');
      assert.deepEqual(await posted(page), [{ type: 'open', file: '/srv/app/routes/login.js', line: 22 }]);

      await page.click('[data-action="rerun"]');
      await page.click('[data-action="export"][data-format="json"]');
      await page.click('[data-action="export"][data-format="cpuprofile"]');
      assert.deepEqual(await posted(page), [{ type: 'rerun' }, { type: 'export', format: 'json' }, { type: 'export', format: 'cpuprofile' }]);

      // Flame graph from the keyboard: root -> main (ArrowDown) -> zoom (Enter) -> open (o).
      await page.focus('.fg-frame[data-index="0"]');
      await page.keyboard.press('ArrowDown');
      const focused = await js(page, "document.activeElement.getAttribute('data-label')");
      assert.equal(focused, 'main \u2014 job.js:10');
      await page.keyboard.press('Enter');
      const widthOfMain = await js(page, `document.querySelector('.fg-frame[data-index="1"] svg').getAttribute('width')`);
      assert.equal(widthOfMain, '100.0000%', 'zoomed into main');
      assert.equal(await js(page, `document.querySelector('.fg-frame[data-index="2"]').classList.contains('fg-hidden')`), true, 'the GC sibling is hidden');
      await page.keyboard.press('o');
      assert.deepEqual(await posted(page), [{ type: 'open', file: '/srv/app/job.js', line: 10 }]);
      await page.keyboard.press('Escape');
      assert.equal(await js(page, `document.querySelector('.fg-frame[data-index="1"] svg').getAttribute('width')`), '90.0000%', 'Escape resets the zoom');

      await js(page, "window.postMessage({ type: 'busy', busy: true }, '*')");
      await page.waitForFunction(`document.querySelector('[data-action="rerun"]').disabled`);
      await assertClean(w);
      await page.screenshot({ path: join(ARTIFACTS, 'webview.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('reads well in the default side-by-side column: nothing clipped, no name broken mid-word', async () => {
    // A long Python location and a long sketch line, as real reports have them.
    const report = {
      ...mixed,
      hotspots: [
        ...mixed.hotspots,
        { function: 'handle_incoming_connection_request', file: '/srv/app/services/notifications/transport/websocket_gateway.py', line: 1287, selfMs: 80, totalMs: 90, onCpu: true },
      ],
    };
    const file = join(dir, 'narrow.html');
    writeFileSync(file, renderReportHtml(report, { cpuProfile: smallProfile, previous: withPrevious(mixed, 7000) }));
    const page = await browser!.newPage({ viewport: { width: 560, height: 900 } });
    try {
      await page.goto(pathToFileURL(file).href);
      const [scrollWidth, clientWidth] = await js<number[]>(page, '[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
      assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
      // Each piece between wrap points (a folder, a file name, a name part) sits on one line.
      const broken = await js<string[]>(page, `Array.from(document.querySelectorAll('.loc, .fn code')).flatMap((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const out = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(n.textContent);
        }
        return out;
      })`);
      assert.deepEqual(broken, [], 'names broken mid-word');
      const wrapped = await js<number>(page, "document.querySelector('#hotspots .loc').getClientRects().length");
      assert.ok(wrapped >= 1);
      const clipped = await js<string[]>(page, `Array.from(document.querySelectorAll('.sketch pre')).filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.textContent)`);
      assert.deepEqual(clipped, [], 'sketch lines hidden beyond the edge');
      const tablesInside = await js<string[]>(page, `Array.from(document.querySelectorAll('.card')).filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.id)`);
      assert.deepEqual(tablesInside, [], 'cards wider than the column');
      await page.screenshot({ path: join(ARTIFACTS, 'narrow-560.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('io-bound report renders without errors', async () => {
    const file = join(dir, 'io.html');
    writeFileSync(file, renderReportHtml(ioBound));
    const w = await open(browser!, file);
    try {
      await assertClean(w);
    } finally {
      await w.page.close();
    }
  });
});
