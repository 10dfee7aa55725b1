// Asks the driver (scripts/e2e-ui.mjs) to act on the workbench's DOM, which the extension host
// cannot reach: print one request line, wait for the driver's answer file.
import * as fs from 'fs';
import * as path from 'path';

const UI_PREFIX = '[boundwise-e2e-ui] ';
let seq = 0;

export type UiRequest =
  | { action: 'readWebview'; title: string; timeoutMs?: number }
  | { action: 'clickWebview'; title: string; selector: string; timeoutMs?: number }
  | { action: 'clickWorkbench'; selector: string; text?: string; timeoutMs?: number }
  | { action: 'workbenchText'; selector: string }
  | { action: 'workbenchHtml'; selector: string }
  | { action: 'press'; key: string }
  | { action: 'inputValue'; selector: string }
  | { action: 'fillWorkbench'; selector: string; text?: string; submit?: boolean }
  | { action: 'screenshot'; file: string };

export interface WebviewContent {
  title: string;
  verdict: string | null;
  stats: string | null;
  timings: string | null;
  hotspotRows: number;
  compare: string | null;
  /** The server card's text (server mode), and the header's badges. */
  server: string | null;
  badges: string | null;
  rerunDisabled: boolean | null;
  flameFrames: number;
  bodyClass: string;
  background: string;
  verdictColor: string | null;
  chartsOrange: string;
}

/** Whether a driver that answers UI requests started this VS Code (code-server), not test-electron. */
export function uiAvailable(): boolean {
  return !!process.env.BOUNDWISE_E2E_UI_DIR;
}

export async function ui<T = unknown>(request: UiRequest, timeoutMs = 40_000): Promise<T> {
  const dir = process.env.BOUNDWISE_E2E_UI_DIR;
  if (!dir) throw new Error('BOUNDWISE_E2E_UI_DIR is not set: no driver answers UI requests');
  const id = `${process.pid}-${++seq}`;
  const answer = path.join(dir, `${id}.json`);
  console.log(UI_PREFIX + JSON.stringify({ id, ...request }));
  const started = Date.now();
  while (!fs.existsSync(answer)) {
    if (Date.now() - started > timeoutMs) throw new Error(`the driver did not answer ${request.action} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const response = JSON.parse(fs.readFileSync(answer, 'utf8')) as { ok: boolean; value?: T; error?: string };
  if (!response.ok) throw new Error(`${request.action} failed in the driver: ${response.error}`);
  return response.value as T;
}

/** Whether a status-bar item's text is the profile verdict ("Boundwise: I/O-bound"), not the analysis status. */
export function isVerdictItem(text: string): boolean {
  return /Boundwise: (CPU-bound|I\/O-bound|Mixed|Failed)/.test(text);
}
