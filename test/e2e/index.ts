// Entry point VS Code calls in the extension host (extensionTestsPath): runs every *.test.js next
// to this file with mocha's spec reporter, whose lines reach the runner through results.ts's emit().
// afterReload/index.ts runs its own folder the same way, in the window the runner opens next.
import * as fs from 'fs';
import * as path from 'path';
import type MochaClass from 'mocha';
import * as vscode from 'vscode';
import { emit, writeResults } from './results';

function loadMocha(): typeof MochaClass {
  // mocha 12 is an ES module; Node >= 20.19 and >= 22.12 can require() it and return its namespace.
  const mod = require('mocha') as typeof MochaClass & { default?: typeof MochaClass };
  return mod.default ?? mod;
}

export function run(): Promise<void> {
  return runSuite(__dirname);
}

/** Runs every *.test.js in `dir` (not its subfolders); rejects when a test failed. */
export async function runSuite(dir: string): Promise<void> {
  const Mocha = loadMocha();
  // The spec reporter prints through Base.consoleLog; route it through emit() so each line arrives whole.
  Mocha.reporters.Base.consoleLog = emit;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const started = Date.now();
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      mocha.run(resolve);
    } catch (err) {
      reject(err);
    }
  });
  writeResults({
    vscodeVersion: vscode.version,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    suiteMs: Date.now() - started,
    failures,
  });
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed.`);
}
