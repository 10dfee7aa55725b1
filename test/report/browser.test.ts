// The report in a real browser engine (Debian's Chromium through playwright-core): the CSP lets our
// own styles and script run and blocks nothing of ours, nothing is fetched from the network, and
// report.js posts the messages the extension expects. Skipped when no Chromium is installed.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createNonce, renderReportHtml, renderReportWebview, REPORT_SCRIPTS } from '../../src/report';
import { renderZeroXHtml } from '../../src/report/zeroXPage';
import { findMediaDir } from '../../src/report/assets';
import { cpuBound, ioBound, mixed, pythonProgram, smallProfile, withPrevious } from './fixtures';

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
      scriptUris: REPORT_SCRIPTS.map((f) => pathToFileURL(join(media, f)).href),
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
      await page.click('[data-action="zerox"]');
      assert.deepEqual(await posted(page), [{ type: 'rerun' }, { type: 'export', format: 'json' }, { type: 'export', format: 'cpuprofile' }, { type: 'zerox' }]);

      // Flame graph from the keyboard: root -> main (ArrowDown) -> zoom (Enter) -> open (o).
      const frameWidth = (label: string) => js<number>(page, `Number([...document.querySelectorAll('.fg-canvas .fg-frame')].find((g) => g.getAttribute('data-label') === ${JSON.stringify(label)}).querySelector('rect').getAttribute('width'))`);
      const svgWidth = await js<number>(page, "document.querySelector('.fg-canvas .fg-svg').getBoundingClientRect().width");
      await page.focus('.fg-canvas .fg-frame[data-index="0"]');
      await page.keyboard.press('ArrowDown');
      const focused = await js(page, "document.activeElement.getAttribute('data-label')");
      assert.equal(focused, 'main \u2014 job.js:10');
      assert.ok(Math.abs(await frameWidth('main \u2014 job.js:10') - (svgWidth * 9) / 14) < 2, 'main takes 9 of the 14 ms');
      await page.keyboard.press('Enter');
      assert.ok(Math.abs(await frameWidth('main \u2014 job.js:10') - svgWidth) < 2, 'zoomed into main');
      assert.equal(await js(page, "[...document.querySelectorAll('.fg-canvas .fg-frame')].some((g) => g.getAttribute('data-label').startsWith('(garbage'))"), false, 'the GC sibling is not drawn');
      await page.keyboard.press('o');
      assert.deepEqual(await posted(page), [{ type: 'open', file: '/srv/app/job.js', line: 10 }]);
      await page.keyboard.press('Escape');
      assert.ok(Math.abs(await frameWidth('main \u2014 job.js:10') - (svgWidth * 9) / 14) < 2, 'Escape resets the zoom');

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

  it('flame graph: compact height, search, details beside the pointer, sandwich, runtime and waiting options', async () => {
    // A Python program: a 36-frame import at start-up (0.1% of the time: 1 px), fib() on the CPU, a socket wait.
    const { profile, sampleOnCpu } = pythonProgram(1);
    const report = { ...ioBound, script: '/home/ada/project/crawl.py' };
    const file = join(dir, 'flame.html');
    writeFileSync(file, renderReportHtml(report, { cpuProfile: profile, sampleOnCpu }));
    const w = await open(browser!, file);
    const { page } = w;
    try {
      const labels = () => js<string[]>(page, "[...document.querySelectorAll('.fg-canvas .fg-frame')].map((g) => g.getAttribute('data-label'))");
      const height = () => js<number>(page, "Number(document.querySelector('.fg-canvas .fg-svg').getAttribute('height'))");
      // The 1-px import stack is not drawn and sets no row: all, <module>, main, fib x3.
      assert.equal(await height(), 6 * 22);
      assert.ok(!(await labels()).some((l) => l.startsWith('_find_and_load')));
      const root = (await labels())[0];
      assert.equal(root, 'all \u00b7 961 ms: 361 ms on CPU, 600 ms waiting', 'the root says what it holds');
      assert.ok(await js(page, "!!document.querySelector('.fg-canvas .fg-root .fg-rect-cpu') && !!document.querySelector('.fg-canvas .fg-root .fg-rect-wait')"), 'on CPU and waiting coloured apart');
      const fetchState = await js(page, "[...document.querySelectorAll('.fg-canvas .fg-frame')].find((g) => g.getAttribute('data-label').startsWith('fetch')).classList.contains('fg-wait')");
      assert.equal(fetchState, true, 'fetch waited');

      // Search: matches highlighted, the rest dimmed, the share they cover in the status line.
      await page.fill('.fg-search', 'fib');
      assert.equal(await js(page, "document.querySelectorAll('.fg-canvas .fg-frame.fg-match').length"), 3);
      assert.ok(await js<number>(page, "document.querySelectorAll('.fg-canvas .fg-frame.fg-dim').length") >= 3);
      assert.match(await js<string>(page, "document.querySelector('.fg-status').textContent"), /^3 frames match \u201cfib\u201d: 360 ms \(37%/);
      await page.fill('.fg-search', '');

      // Details beside the pointer, not below the fold.
      const mainFrame = (await page.$('.fg-canvas .fg-frame[data-index="2"]'))!;
      await mainFrame.scrollIntoViewIfNeeded();
      const box = (await mainFrame.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + 10);
      const tip = await js<{ hidden: boolean; text: string; left: number; top: number }>(page, "(() => { const t = document.querySelector('.fg-tip'); const r = t.getBoundingClientRect(); return { hidden: t.hidden, text: t.textContent, left: r.left, top: r.top }; })()");
      assert.equal(tip.hidden, false);
      assert.match(tip.text, /main.*crawl\.py:2[45].*total 960 ms.*on CPU 360 ms \u00b7 waiting 600 ms/);
      assert.ok(Math.abs(tip.left - (box.x + 44)) < 3 && Math.abs(tip.top - (box.y + 24)) < 3, `tooltip at ${tip.left},${tip.top}, pointer at ${box.x + 30},${box.y + 10}`);

      // Waiting off: the root holds on-CPU time only, and fetch, which only waited, is gone.
      await page.uncheck('.fg-waiting');
      assert.equal((await labels())[0], 'all \u00b7 361 ms on CPU');
      assert.ok(!(await labels()).some((l) => l.startsWith('fetch')));
      await page.check('.fg-waiting');

      // Sandwich: every function by self time; picking fib shows its callers and callees.
      await page.click('.fg-view[data-view="sandwich"]');
      assert.equal(await js(page, "document.querySelector('.fg-canvas').hidden"), true);
      const rows = await js<string[]>(page, "[...document.querySelectorAll('.fg-functions tbody tr')].map((r) => r.textContent)");
      assert.ok(rows.length >= 5, rows.join(' | '));
      // The socket read is folded into urlopen (runtime frames collapsed): 600 ms of its own.
      assert.match(rows[0], /^urlopen.*urllib\/request\.py:215.*600 ms.*600 ms$/);
      await page.click('.fg-functions tr[data-key^="fib"]');
      const callers = await js<string[]>(page, "[...document.querySelectorAll('.fg-callers .fg-frame')].map((g) => g.getAttribute('data-label'))");
      const callees = await js<string[]>(page, "[...document.querySelectorAll('.fg-callees .fg-frame')].map((g) => g.getAttribute('data-label'))");
      assert.deepEqual(callers.map((l) => l.split(' ')[0]), ['fib', 'main', '<module>']);
      assert.deepEqual(callees.map((l) => l.split(' ')[0]), ['fib', 'fib', 'fib']);
      // Callers grow upwards from the function at the bottom.
      const ys = await js<number[]>(page, "[...document.querySelectorAll('.fg-callers .fg-frame rect')].map((r) => Number(r.getAttribute('y')))");
      assert.ok(ys[0] > ys[1] && ys[1] > ys[2], `callers drawn bottom-up: ${ys}`);
      await assertClean(w);
      await page.screenshot({ path: join(ARTIFACTS, 'flame-sandwich.png'), fullPage: true });
    } finally {
      await page.close();
    }

    // A wide import (200 ms): one row collapsed, 36 more rows when runtime frames are shown.
    const wide = pythonProgram(200);
    const wideFile = join(dir, 'flame-import.html');
    writeFileSync(wideFile, renderReportHtml(report, { cpuProfile: wide.profile, sampleOnCpu: wide.sampleOnCpu }));
    const w2 = await open(browser!, wideFile);
    try {
      const rows = () => js<number>(w2.page, "Number(document.querySelector('.fg-canvas .fg-svg').getAttribute('height')) / 22");
      assert.equal(await rows(), 6);
      assert.ok(await js(w2.page, "[...document.querySelectorAll('.fg-canvas .fg-frame')].some((g) => /^_find_and_load \u2014 <frozen importlib\\._bootstrap>:1176 \\(\\+35 runtime frames\\)$/.test(g.getAttribute('data-label')))"));
      await w2.page.uncheck('.fg-collapse');
      assert.equal(await rows(), 38);
      await assertClean(w2);
    } finally {
      await w2.page.close();
    }
  });

  it('flame graph of a Python run kept without per-sample states: every frame in the wall-time colour of its legend, none as on CPU', async () => {
    const { profile } = pythonProgram(1);
    const file = join(dir, 'flame-no-states.html');
    writeFileSync(file, renderReportHtml({ ...ioBound, script: '/home/ada/project/crawl.py' }, { cpuProfile: profile }));
    const w = await open(browser!, file);
    try {
      const frames = await js<Array<{ label: string; cls: string; fill: string }>>(w.page, "[...document.querySelectorAll('.fg-canvas .fg-frame')].map((g) => ({ label: g.getAttribute('data-label'), cls: g.getAttribute('class'), fill: getComputedStyle(g.querySelector('.fg-rect')).fill }))");
      assert.ok(frames.length >= 5, JSON.stringify(frames));
      for (const f of frames.slice(1)) assert.match(f.cls, /\bfg-wall\b/, `${f.label}: ${f.cls}`);
      assert.ok(!frames.some((f) => /\bfg-(cpu|wait)\b/.test(f.cls)), 'no frame drawn as on CPU or waiting');
      // Neutral: a grey (its channels within a few units of each other), never the warm on-CPU or the blue waiting fills.
      const neutral = (rgb: string) => { const c = (rgb.match(/\d+/g) ?? []).map(Number); return c.length >= 3 && Math.max(...c.slice(0, 3)) - Math.min(...c.slice(0, 3)) <= 12; };
      for (const f of frames.slice(1)) assert.ok(neutral(f.fill), `${f.label} is drawn in ${f.fill}`);
      const key = await js<string>(w.page, "getComputedStyle(document.querySelector('.fg-legend .fg-key-wall')).backgroundColor");
      assert.ok(neutral(key), `the legend's wall-time key is ${key}`);
      assert.ok(frames.some((f) => f.fill === key), `no frame has the legend's colour ${key}`);
      assert.equal(await js(w.page, "document.querySelectorAll('.fg-legend .fg-key-user, .fg-legend .fg-key-wait').length"), 0, 'no on-CPU or waiting key');
      await assertClean(w);
    } finally {
      await w.page.close();
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

  it('0x page: 0x\'s visualizer draws the run under its CSP with app/deps/core tiers, fetches nothing, search works', async () => {
    const file = join(dir, 'zerox.html');
    writeFileSync(file, renderZeroXHtml(smallProfile, { title: '0x: job.js', nonce: createNonce() }));
    const w = await open(browser!, file);
    try {
      await w.page.waitForSelector('canvas');
      const width = await js<number>(w.page, "document.querySelector('canvas').width");
      assert.ok(width > 300, `the flame graph is drawn (canvas ${width} px wide)`);
      const tiers = await js<string[]>(w.page, "[...document.querySelectorAll('button')].map((b) => b.textContent.trim())");
      for (const tier of ['app', 'deps', 'core']) assert.ok(tiers.includes(tier), `0x's ${tier} tier button (${tiers.join(', ')})`);
      await w.page.fill('input[type="search"]', 'fib');
      await assertClean(w);
      await w.page.screenshot({ path: join(ARTIFACTS, 'zerox.png') });
    } finally {
      await w.page.close();
    }
  });
});
