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

// What the first window saw, for the suite that runs after the window reload (test/e2e/afterReload):
// BOUNDWISE_E2E_HANDOFF names a JSON file the first window writes and the second one reads. The
// test's own record of what happened, never read from the extension's storage (that is under test).
export interface HandedRun {
  /** The script's file name. */
  script: string;
  /** The run's classification, when the test saw it (a Re-run clicked in the report is not seen). */
  classification?: string;
}

export interface Handoff {
  /** Every run that ended with a report, oldest first. */
  runs?: HandedRun[];
  /** The hover's measured line at blocking_sleep.py's flagged call. */
  hoverMeasuredLine?: string;
  /** The last run's report as the user saw it: its panel's content and the status-bar verdict. */
  lastReport?: { script: string; verdict: string | null; timings: string | null; stats: string | null; status: string };
}

function handoffFile(): string | undefined {
  return process.env.BOUNDWISE_E2E_HANDOFF;
}

export function readHandoff(): Handoff {
  const file = handoffFile();
  return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Handoff) : {};
}

export function handOver(change: (handoff: Handoff) => void): void {
  const file = handoffFile();
  if (!file) return;
  const handoff = readHandoff();
  change(handoff);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(handoff, null, 2) + '\n');
}

/** A finished run, by the script (a path or its file name) and the classification its report gave. */
export function handOverRun(run: { script: string; classification?: string }): void {
  const handed: HandedRun = { script: path.basename(run.script), ...(run.classification ? { classification: run.classification } : {}) };
  handOver((h) => void (h.runs ??= []).push(handed));
}
