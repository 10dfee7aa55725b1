// Runs the end-to-end suite in desktop VS Code through @vscode/test-electron, for machines that can
// download VS Code (`npm run compile && npm run test:vscode`). Machines that cannot use
// `npm run test:e2e` (scripts/e2e.mjs), which runs the same suite in code-server. After the main
// suite passes, VS Code is started again on the same workspace and user data with the
// after-reload suite (test/e2e/afterReload), as scripts/e2e.mjs reloads its window.
//
// Here the extension under test is the repo itself (extensionDevelopmentPath = repo root, which
// loads dist/extension.js: run `npm run build` first). The fixture workspace is copied to a temp
// folder so nothing a test does can touch the repo, and the downloaded VS Code is cached beside
// code-server (scripts/e2e-setup.sh's cache folder), not in the repo's .vscode-test.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

function cacheFolder(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(process.env.BOUNDWISE_E2E_CACHE ?? path.join(base, 'boundwise-e2e'), 'vscode-test');
}

async function main(): Promise<void> {
  // This file compiles to out/test/e2e/runElectron.js.
  const root = path.resolve(__dirname, '../../..');
  const extensionTestsPath = path.join(__dirname, 'index.js');
  if (!fs.existsSync(path.join(root, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing; run `npm run build` first.');
  }
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-electron-'));
  const workspace = path.join(run, 'workspace');
  fs.cpSync(path.join(root, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  const results = process.env.BOUNDWISE_E2E_RESULTS ?? path.join(root, 'test-results', 'e2e-electron-results.json');
  const afterReloadResults = results.replace(/(\.json)?$/, '-after-reload.json');
  const handoff = path.join(run, 'handoff.json');
  // The same workspace and user data both times: the second VS Code is the window after a reload.
  const launch = (testsPath: string, resultsFile: string) => runTests({
    // mocha 12 (an ES module, required from index.js) needs the extension host's Node >= 20.19 / 22.12.
    version: process.env.BOUNDWISE_VSCODE_VERSION ?? 'stable',
    cachePath: cacheFolder(),
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { BOUNDWISE_E2E_RESULTS: resultsFile, BOUNDWISE_E2E_HANDOFF: handoff },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(run, 'user-data')}`,
      `--extensions-dir=${path.join(run, 'extensions')}`,
    ],
  });
  try {
    await launch(extensionTestsPath, results);
    if (fs.existsSync(results)) console.log(`Results (${results}):\n${fs.readFileSync(results, 'utf8')}`);
    await launch(path.join(__dirname, 'afterReload', 'index.js'), afterReloadResults);
    if (fs.existsSync(afterReloadResults)) console.log(`Results after the reload (${afterReloadResults}):\n${fs.readFileSync(afterReloadResults, 'utf8')}`);
  } finally {
    fs.rmSync(run, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
