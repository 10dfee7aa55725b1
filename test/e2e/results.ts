// How the suite reports to whoever started it. The extension host inherits the environment of the
// process that started VS Code (code-server or the Electron test runner):
//   BOUNDWISE_E2E_RESULTS  JSON file for the measurements (activation time, time to first diagnostic)
//   BOUNDWISE_E2E_OUTPUT   text file that receives every report line as well
// Report lines also go to the host's console with a "[boundwise-e2e] " prefix, which scripts/e2e.mjs
// picks out of the workbench's log (it gets console arguments comma-joined, so lines are formatted here).
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';

export const LINE_PREFIX = '[boundwise-e2e] ';

const measurements: Record<string, unknown> = {};

/** Prints one report line, printf-style like console.log. */
export function emit(...args: unknown[]): void {
  const text = format(...args);
  for (const line of text.split('\n')) console.log(LINE_PREFIX + line);
  const file = process.env.BOUNDWISE_E2E_OUTPUT;
  if (file) fs.appendFileSync(file, text + '\n');
}

export function record(key: string, value: unknown): void {
  measurements[key] = value;
  emit(`      measured ${key} = ${JSON.stringify(value)}`);
}

export function writeResults(extra: Record<string, unknown>): void {
  const file = process.env.BOUNDWISE_E2E_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...measurements, ...extra }, null, 2) + '\n');
}
