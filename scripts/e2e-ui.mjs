// UI requests from the end-to-end suite to the driver. The suite runs in the extension host and
// cannot see the workbench's DOM; it prints one console line `[boundwise-e2e-ui] {"id", "action", ...}`
// (test/e2e/ui.ts) and waits for `<BOUNDWISE_E2E_UI_DIR>/<id>.json`, which this module writes after
// acting on the Chromium page: read a webview's content, click in a webview or the workbench, take a
// screenshot into test-results/. Webviews are nested iframes (iframe.webview, then #active-frame);
// the one wanted is found by its document title. `press` types a key into whatever has focus
// (the save dialog, for instance); `inputValue` reads a workbench input, `fillWorkbench` replaces
// its text when given one and presses Enter in it when asked: a quick input's answer.
import fs from 'node:fs';
import path from 'node:path';

export const UI_PREFIX = '[boundwise-e2e-ui] ';

async function findWebviewFrame(page, titlePrefix, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const title = await frame.evaluate(() => document.title).catch(() => '');
      if (title.startsWith(titlePrefix) && (await frame.$('body > *').catch(() => null))) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no webview titled "${titlePrefix}..." within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readWebview(frame) {
  return frame.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    return {
      title: document.title,
      verdict: text('.verdict-class'),
      stats: text('dl.stats'),
      timings: text('table.timings'),
      hotspotRows: document.querySelectorAll('table.hotspots tbody tr').length,
      compare: text('.compare-headline'),
      server: text('#server'),
      badges: text('.badges'),
      rerunDisabled: document.querySelector('[data-action="rerun"]')?.disabled ?? null,
      flameFrames: document.querySelectorAll('.fg-frame').length,
      bodyClass: document.body.className,
      background: getComputedStyle(document.body).backgroundColor,
      verdictColor: document.querySelector('.verdict-class') ? getComputedStyle(document.querySelector('.verdict-class')).color : null,
      chartsOrange: getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-orange').trim(),
    };
  });
}

async function act(page, request, resultsDir) {
  switch (request.action) {
    case 'readWebview':
      return readWebview(await findWebviewFrame(page, request.title, request.timeoutMs));
    case 'clickWebview': {
      const frame = await findWebviewFrame(page, request.title, request.timeoutMs);
      await frame.click(request.selector, { timeout: 10_000 });
      return true;
    }
    case 'clickWorkbench': {
      const locator = request.text ? page.locator(request.selector, { hasText: request.text }) : page.locator(request.selector);
      await locator.first().click({ timeout: request.timeoutMs ?? 10_000 });
      return true;
    }
    case 'press':
      await page.keyboard.press(request.key);
      return true;
    case 'inputValue':
      return page.locator(request.selector).first().inputValue({ timeout: 5_000 }).catch(() => null);
    case 'fillWorkbench': {
      const input = page.locator(request.selector).first();
      if (request.text !== undefined) await input.fill(String(request.text), { timeout: 10_000 });
      if (request.submit) await input.press('Enter', { timeout: 10_000 });
      return true;
    }
    case 'workbenchText':
      return page.locator(request.selector).allInnerTexts();
    case 'workbenchHtml':
      return (await page.locator(request.selector).evaluateAll((els) => els.map((e) => e.outerHTML))).map((h) => h.slice(0, 4000));
    case 'screenshot': {
      const name = path.basename(String(request.file));
      if (!/^[\w.-]+\.png$/.test(name)) throw new Error(`bad screenshot name ${name}`);
      fs.mkdirSync(resultsDir, { recursive: true });
      const file = path.join(resultsDir, name);
      await page.screenshot({ path: file, timeout: 15_000 });
      return file;
    }
    default:
      throw new Error(`unknown UI action ${request.action}`);
  }
}

/** Returns a function for codeAutomationLog lines: true when the line was a UI request (handled async). */
export function createUiHandler(getPage, uiDir, resultsDir) {
  fs.mkdirSync(uiDir, { recursive: true });
  return (text) => {
    const at = text.indexOf(UI_PREFIX);
    if (at === -1) return false;
    let request;
    try {
      request = JSON.parse(text.slice(at + UI_PREFIX.length));
    } catch {
      return false;
    }
    const id = String(request.id).replace(/[^\w-]/g, '');
    act(getPage(), request, resultsDir).then(
      (value) => ({ ok: true, value }),
      (err) => ({ ok: false, error: String(err?.message ?? err) }),
    ).then((response) => {
      const file = path.join(uiDir, `${id}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(response));
      fs.renameSync(`${file}.tmp`, file);
    });
    return true;
  };
}
