// Entry point of the second window the runner opens (scripts/e2e.mjs, runElectron.ts) after the
// main suite passed: same workspace, same user data, a new extension host. Its tests check that
// what the first window's runs left is there again, without profiling anything.
import { runSuite } from '../index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
