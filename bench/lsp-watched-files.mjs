// Files changed on disk reaching the language server (workspace/didChangeWatchedFiles): in a
// workspace of 1,000 Python files, a branch switch rewrites some of them, the helper that an open
// file calls among them; the table gives the time from the first event to the open file's new
// diagnostics (the burst settles 300 ms after its last event, included), and the server's CPU
// time for it. Events are sent 50 to a notification, as VS Code batches them. A second table: the
// root .gitignore edited so that it ignores a share of the workspace's folders, then no longer
// (the folder walked again, the files now listed read, those no longer listed dropped), with the
// open file's helper among them.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { startedClient } = require(join(root, 'out', 'test', 'lsp', 'lspClient.js'));

const FILES = 1000;
const HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';
const HELPERS_FIXED = 'def download(url):\n    return url\n';
const SERVICE = 'from helpers import download\n\nasync def handle(url):\n    return download(url)\n';

/** A module of the workspace; every other one has async code (the index reads those at once). */
function moduleText(i, version) {
  const lines = ['import asyncio', 'import json', '', `def parse_${i}(text):`, `    return json.loads(text)["v${version}"]`, ''];
  if (i % 2 === 0) lines.push(`async def handler_${i}(text):`, `    await asyncio.sleep(0)`, `    return parse_${i}(text)`, '');
  return lines.join('\n');
}

const dir = fs.mkdtempSync(join(os.tmpdir(), 'bw-bench-watch-'));
const file = (name) => join(dir, name);
for (let i = 0; i < FILES; i++) {
  fs.mkdirSync(file(`pkg_${i % 20}`), { recursive: true });
  fs.writeFileSync(file(`pkg_${i % 20}/module_${i}.py`), moduleText(i, 0));
}
fs.writeFileSync(file('helpers.py'), HELPERS);
fs.writeFileSync(file('service.py'), SERVICE);
fs.mkdirSync(file('.git'));
fs.writeFileSync(file('.git/HEAD'), 'ref: refs/heads/main\n');

const client = await startedClient(dir, { watchFiles: true });
const service = pathToFileURL(file('service.py')).href;
const bw110 = () => (client.publishedDiagnostics(service) ?? []).filter((d) => d.code === 'BW110').length;
await client.open(service, 'python', SERVICE);
await client.waitFor(() => (bw110() === 1 ? true : undefined), 60_000, 'BW110 in service.py');
await client.indexed(120_000);

const rows = [];
let version = 0;
for (const changed of [1, 100, 500, 1000]) {
  version++;
  const blocking = version % 2 === 0;
  const names = Array.from({ length: changed - 1 }, (_, i) => `pkg_${i % 20}/module_${i}.py`);
  for (const name of names) fs.writeFileSync(file(name), moduleText(Number(/module_(\d+)/.exec(name)[1]), version));
  fs.writeFileSync(file('helpers.py'), blocking ? HELPERS : HELPERS_FIXED);
  const events = [...names, 'helpers.py'].map((name) => ({ file: file(name), type: 2 }));
  const cpuBefore = client.serverCpuMs();
  const start = performance.now();
  for (let i = 0; i < events.length; i += 50) await client.filesChanged(events.slice(i, i + 50));
  await client.waitFor(() => (bw110() === (blocking ? 1 : 0) ? true : undefined), 120_000, `BW110 ${blocking ? 'back' : 'gone'}`);
  const ms = performance.now() - start;
  const cpu = client.serverCpuMs();
  rows.push({ 'files changed on disk': changed, 'first event -> diagnostics, ms': ms.toFixed(0), 'server CPU, ms': cpu === undefined ? 'n/a' : (cpu - cpuBefore).toFixed(0) });
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the server go idle between rows
}

// The helper moves into pkg_0 (ignored first of all), and service.py calls it there.
const MOVED_SERVICE = 'from pkg_0.helpers import download\n\nasync def handle(url):\n    return download(url)\n';
fs.writeFileSync(file('pkg_0/__init__.py'), '');
fs.writeFileSync(file('pkg_0/helpers.py'), HELPERS);
await client.filesChanged([{ file: file('pkg_0/__init__.py'), type: 1 }, { file: file('pkg_0/helpers.py'), type: 1 }]);
await client.change(service, 2, [{ text: MOVED_SERVICE }]);
await client.waitFor(() => (bw110() === 1 ? true : undefined), 60_000, 'BW110 through pkg_0/helpers.py');
const ruleRows = [];
for (const ignored of [1, 5, 10, 20]) {
  for (const ignoring of [true, false]) {
    const folders = Array.from({ length: ignored }, (_, i) => `pkg_${i}/`);
    fs.writeFileSync(file('.gitignore'), ignoring ? `${folders.join('\n')}\n` : '# nothing ignored\n');
    const cpuBefore = client.serverCpuMs();
    const start = performance.now();
    await client.filesChanged([{ file: file('.gitignore'), type: ignoring && ignored === 1 ? 1 : 2 }]);
    await client.waitFor(() => (bw110() === (ignoring ? 0 : 1) ? true : undefined), 120_000, `BW110 ${ignoring ? 'gone' : 'back'}`);
    const ms = performance.now() - start;
    const cpu = client.serverCpuMs();
    ruleRows.push({ '.gitignore edit': ignoring ? `ignore ${ignored} folders` : 'ignore none again', 'files in those folders': (FILES / 20) * ignored, 'edit -> diagnostics, ms': ms.toFixed(0), 'server CPU, ms': cpu === undefined ? 'n/a' : (cpu - cpuBefore).toFixed(0) });
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
await client.shutdown();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`workspace: ${FILES + 2} Python files; the open service.py calls helpers.py, rewritten last in each burst`);
console.table(rows);
console.log(`the root .gitignore edited (needs a .git): the open service.py calls pkg_0/helpers.py; each of the 20 folders holds ${FILES / 20} files`);
console.table(ruleRows);
