// Files changed on disk outside the editor (git pull, branch switch, a file deleted in a terminal)
// reach the workspace index through workspace/didChangeWatchedFiles: the open documents whose
// BW110 chains go through them are checked again. The server runs as its own process; the test
// plays the editor's file watcher, sending the notification after it changes the disk.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startedClient, type LspClient } from './lspClient';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const PY_HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';
const PY_HELPERS_FIXED = 'def download(url):\n    return url\n';
const PY_SERVICE = 'from helpers import download\n\nasync def handle(url):\n    return download(url)\n';

const JS_HELPERS = "const fs = require('fs');\n\nfunction load(p) {\n  return fs.readFileSync(p, 'utf8');\n}\n\nmodule.exports = { load };\n";
const JS_HELPERS_FIXED = 'function load(p) {\n  return p;\n}\n\nmodule.exports = { load };\n';
const TS_SERVICE = "import { load } from './lib/helpers';\n\nexport async function handle(p: string) {\n  return load(p);\n}\n";

describe('language server: files changed on disk (workspace/didChangeWatchedFiles)', function () {
  let client: LspClient;
  let dir: string;
  /** The folder `start` made (`dir` is the workspace folder in it). */
  let top: string;

  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  const file = (name: string) => path.join(dir, name);
  const uri = (name: string) => pathToFileURL(file(name)).href;
  const bw110 = (ds: Diagnostic[] | undefined) => ds?.filter((d) => d.code === 'BW110');
  /** Waits until `name`'s last published diagnostics hold `count` BW110 findings. */
  const bw110Count = (name: string, count: number, what: string) =>
    client.waitFor(() => {
      const found = bw110(client.publishedDiagnostics(uri(name)));
      return found?.length === count ? found : undefined;
    }, 15_000, what);

  /** Writes `files` into a new folder and starts the server on it (or on its `workspace` subfolder,
   * which `file` and `uri` then name files of). */
  async function start(files: Record<string, string>, { workspace = '', relativePatterns = false } = {}): Promise<void> {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-watch-'));
    for (const [name, text] of Object.entries(files)) write(name, text);
    top = dir;
    dir = path.join(dir, workspace);
    client = await startedClient(dir, { watchFiles: true, relativePatterns });
  }
  afterEach(async () => {
    await client?.shutdown();
    if (top) fs.rmSync(top, { recursive: true, force: true });
  });

  it('asks a client that can watch files to watch the analysed languages and deletions of any path', async () => {
    await start({ 'service.py': PY_SERVICE });
    const registration = await client.waitFor(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 10_000, 'the watcher registration');
    const watchers = (registration.registerOptions as { watchers: Array<{ globPattern: string; kind?: number }> }).watchers;
    const sources = watchers.find((w) => w.kind === undefined)?.globPattern ?? '';
    for (const extension of ['py', 'pyi', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx']) assert.match(sources, new RegExp(`[{,]${extension}[,}]`), sources);
    assert.ok(watchers.some((w) => w.globPattern === '**/*' && (w.kind! & 4) !== 0), 'a deleted folder is one event for the folder');
    // The files that decide what is indexed, for every kind of change (an edit included).
    const rules = watchers.filter((w) => w.kind === undefined).map((w) => w.globPattern).join(' ');
    for (const name of ['.gitignore', '.boundwise.json', 'package.json', 'pyproject.toml']) assert.match(rules, new RegExp(`\\*\\*/\\{[^}]*${name.replace('.', '\\.')}`), rules);
    assert.match(rules, /\*\*\/\.git\/info\/exclude/, rules);
  });

  /** Opens `service` (which reaches a blocking call through `helper`), then rewrites the helper
   * on disk so that it stops blocking and blocks again (as `git pull` would), each time telling
   * the server; the service's BW110 follows. Returns the last BW110 found. */
  async function followsHelperEdits(service: { name: string; languageId: string; text: string }, helper: { name: string; blocking: string; fixed: string }): Promise<Diagnostic> {
    await client.open(uri(service.name), service.languageId, service.text);
    await bw110Count(service.name, 1, `BW110 through ${helper.name}`);
    await client.indexed(15_000);
    for (const [text, count] of [[helper.fixed, 0], [helper.blocking, 1]] as const) {
      write(helper.name, text);
      await client.filesChanged([{ file: file(helper.name), type: CHANGED }]);
      await bw110Count(service.name, count, `${count} BW110 once ${helper.name} ${count ? 'blocks again' : 'stops blocking'} on disk`);
    }
    return bw110(client.publishedDiagnostics(uri(service.name)))![0];
  }

  it('Python: a helper edited, deleted and created again on disk changes the open file\'s BW110', async () => {
    await start({ 'helpers.py': PY_HELPERS, 'service.py': PY_SERVICE });
    const back = await followsHelperEdits({ name: 'service.py', languageId: 'python', text: PY_SERVICE }, { name: 'helpers.py', blocking: PY_HELPERS, fixed: PY_HELPERS_FIXED });
    assert.equal(back.relatedInformation?.at(-1)?.location.uri, uri('helpers.py'));
    assert.equal(back.relatedInformation?.at(-1)?.location.range.start.line, 3);

    fs.rmSync(file('helpers.py'));
    await client.filesChanged([{ file: file('helpers.py'), type: DELETED }]);
    await bw110Count('service.py', 0, 'BW110 gone with helpers.py');

    write('helpers.py', PY_HELPERS);
    await client.filesChanged([{ file: file('helpers.py'), type: CREATED }]);
    await bw110Count('service.py', 1, 'BW110 back when helpers.py is created again');
  });

  it('Python: a module imported from its package (`from pkg import helpers`) changed on disk', async () => {
    const service = 'from pkg import helpers\n\nasync def handle(url):\n    return helpers.download(url)\n';
    await start({ 'pkg/__init__.py': '', 'pkg/helpers.py': PY_HELPERS, 'service.py': service });
    await followsHelperEdits({ name: 'service.py', languageId: 'python', text: service }, { name: 'pkg/helpers.py', blocking: PY_HELPERS, fixed: PY_HELPERS_FIXED });
  });

  it('TypeScript importing a JavaScript helper: a change on disk, then the helper\'s folder deleted as one event', async () => {
    await start({ 'lib/helpers.js': JS_HELPERS, 'service.ts': TS_SERVICE });
    await followsHelperEdits({ name: 'service.ts', languageId: 'typescript', text: TS_SERVICE }, { name: 'lib/helpers.js', blocking: JS_HELPERS, fixed: JS_HELPERS_FIXED });

    // VS Code reports a deleted folder as one event for the folder, naming none of its files.
    fs.rmSync(file('lib'), { recursive: true });
    await client.filesChanged([{ file: file('lib'), type: DELETED }]);
    await bw110Count('service.ts', 0, 'BW110 gone with the lib folder');

    // A folder moved in (a branch switch) is one event for the folder too.
    write('lib/helpers.js', JS_HELPERS);
    await client.filesChanged([{ file: file('lib'), type: CREATED }]);
    await bw110Count('service.ts', 1, 'BW110 back with the lib folder');
  });

  it('follows the start-up walk\'s rules: a helper git ignores or that is a FIFO is not read, and the log says why of the FIFO', async () => {
    const service = 'from helpers import download\nfrom generated.fetch import fetch\n\nasync def handle(url):\n    download(url)\n    return fetch(url)\n';
    await start({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'generated/\n', 'helpers.py': PY_HELPERS_FIXED, 'service.py': service });
    await client.open(uri('service.py'), 'python', service);
    await bw110Count('service.py', 0, 'no BW110 to begin with');
    await client.indexed(15_000);

    // One burst: an ignored helper that blocks appears, and helpers.py starts blocking.
    write('generated/fetch.py', 'import time\n\ndef fetch(url):\n    time.sleep(1)\n');
    write('helpers.py', PY_HELPERS);
    await client.filesChanged([
      { file: file('generated/fetch.py'), type: CREATED },
      { file: file('helpers.py'), type: CHANGED },
    ]);
    const found = await bw110Count('service.py', 1, 'BW110 through helpers.py only');
    assert.equal(found[0].range.start.line, 4, 'the call of download; git ignores generated/, as the start-up walk and `boundwise lint` do');

    // helpers.py replaced by a FIFO: reading it would wait forever; it leaves the index instead.
    fs.rmSync(file('helpers.py'));
    assert.equal(spawnSync('mkfifo', [file('helpers.py')]).status, 0);
    await client.filesChanged([{ file: file('helpers.py'), type: CHANGED }]);
    await bw110Count('service.py', 0, 'BW110 gone: the FIFO is not read');
    const logged = await client.waitFor(() => client.messages.find((m) => m.message.includes(file('helpers.py'))), 10_000, 'a log line naming the FIFO');
    assert.match(logged.message, /changed on disk[\s\S]*helpers\.py: .*(FIFO|not a regular file)/i, logged.message);
    // The server keeps serving: a request is answered.
    await client.hover(uri('service.py'), 4, 5);
  });

  // The index leaves such a file out and chains stop at excluded files too: either alone keeps the
  // finding away, so this guards what the user sees, not which of the two did it.
  it('follows the project\'s extend-exclude: a helper created in an excluded folder adds no BW110 through it', async () => {
    const service = 'from helpers import download\nfrom vendor.fetch import fetch\n\nasync def handle(url):\n    download(url)\n    return fetch(url)\n';
    await start({ '.boundwise.json': '{ "extend-exclude": ["vendor"] }\n', 'helpers.py': PY_HELPERS_FIXED, 'service.py': service });
    await client.open(uri('service.py'), 'python', service);
    await bw110Count('service.py', 0, 'no BW110 to begin with');
    await client.indexed(15_000);
    write('vendor/fetch.py', 'import time\n\ndef fetch(url):\n    time.sleep(1)\n');
    write('helpers.py', PY_HELPERS);
    await client.filesChanged([
      { file: file('vendor/fetch.py'), type: CREATED },
      { file: file('helpers.py'), type: CHANGED },
    ]);
    const found = await bw110Count('service.py', 1, 'BW110 through helpers.py only');
    assert.equal(found[0].range.start.line, 4, 'the call of download; vendor/ is excluded, as at start-up and in `boundwise lint`');
  });

  /** A project whose open service.py calls a blocking helper in `generated/fetch.py`, indexed
   * with the files as `files` has them. */
  const GENERATED_SERVICE = 'from generated.fetch import fetch\n\nasync def handle(url):\n    return fetch(url)\n';
  const GENERATED_FETCH = 'import time\n\ndef fetch(url):\n    time.sleep(1)\n';
  async function openGeneratedService(files: Record<string, string>, count: number): Promise<void> {
    await start({ '.git/HEAD': 'ref: refs/heads/main\n', 'generated/__init__.py': '', 'generated/fetch.py': GENERATED_FETCH, 'service.py': GENERATED_SERVICE, ...files });
    await client.open(uri('service.py'), 'python', GENERATED_SERVICE);
    await client.indexed(15_000);
    await bw110Count('service.py', count, `${count} BW110 through generated/fetch.py to begin with`);
  }

  it('.gitignore edited on disk: a helper un-ignored is indexed and gives BW110 through it; ignored again, it leaves', async () => {
    await openGeneratedService({ '.gitignore': '*.log\ngenerated/\n' }, 0);
    write('.gitignore', '*.log\n');
    await client.filesChanged([{ file: file('.gitignore'), type: CHANGED }]);
    const found = await bw110Count('service.py', 1, 'BW110 through generated/fetch.py once .gitignore no longer names it');
    assert.equal(found[0].relatedInformation?.at(-1)?.location.uri, uri('generated/fetch.py'));

    write('.gitignore', '*.log\ngenerated/\n');
    await client.filesChanged([{ file: file('.gitignore'), type: CHANGED }]);
    await bw110Count('service.py', 0, 'BW110 gone once .gitignore names generated/ again');
    const logged = await client.waitFor(() => client.messages.find((m) => /read again which files it indexes/.test(m.message)), 10_000, 'a log line on the rules read again');
    assert.match(logged.message, new RegExp(`\\(${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`), logged.message);
  });

  it('a nested .gitignore and .git/info/exclude created and deleted on disk take a helper out of the index and back', async () => {
    await openGeneratedService({}, 1);
    // A .gitignore in the helper's own folder, naming it.
    write('generated/.gitignore', 'fetch.py\n');
    await client.filesChanged([{ file: file('generated/.gitignore'), type: CREATED }]);
    await bw110Count('service.py', 0, 'BW110 gone once generated/.gitignore ignores fetch.py');
    fs.rmSync(file('generated/.gitignore'));
    await client.filesChanged([{ file: file('generated/.gitignore'), type: DELETED }]);
    await bw110Count('service.py', 1, 'BW110 back once generated/.gitignore is deleted');

    // The repository's own excludes.
    write('.git/info/exclude', '/generated\n');
    await client.filesChanged([{ file: file('.git/info/exclude'), type: CREATED }]);
    await bw110Count('service.py', 0, 'BW110 gone once .git/info/exclude names generated');
    write('.git/info/exclude', '# nothing\n');
    await client.filesChanged([{ file: file('.git/info/exclude'), type: CHANGED }]);
    await bw110Count('service.py', 1, 'BW110 back once .git/info/exclude no longer names it');
  });

  it('extend-exclude edited in the project configuration: the helper leaves the index and comes back', async () => {
    await openGeneratedService({ 'pyproject.toml': '[project]\nname = "shop"\n\n[tool.boundwise]\nextend-exclude = ["docs"]\n' }, 1);
    write('pyproject.toml', '[project]\nname = "shop"\n\n[tool.boundwise]\nextend-exclude = ["docs", "generated"]\n');
    await client.filesChanged([{ file: file('pyproject.toml'), type: CHANGED }]);
    await bw110Count('service.py', 0, 'BW110 gone once extend-exclude names generated');

    // The configuration moved to .boundwise.json, which names generated/ no longer.
    write('pyproject.toml', '[project]\nname = "shop"\n');
    write('.boundwise.json', '{ "extend-exclude": ["docs"] }\n');
    await client.filesChanged([
      { file: file('pyproject.toml'), type: CHANGED },
      { file: file('.boundwise.json'), type: CREATED },
    ]);
    await bw110Count('service.py', 1, 'BW110 back once the configuration excludes docs only');
  });

  it('an open file that a configuration edit excludes loses its findings, and gets them back when the edit is undone', async () => {
    await openGeneratedService({ '.boundwise.json': '{ "extend-exclude": ["docs"] }\n' }, 1);
    write('.boundwise.json', '{ "extend-exclude": ["docs", "service.py"] }\n');
    await client.filesChanged([{ file: file('.boundwise.json'), type: CHANGED }]);
    await bw110Count('service.py', 0, 'no finding in service.py once it is excluded');
    const skipped = await client.waitFor(() => client.statuses.find((st) => st.uri === uri('service.py') && st.state === 'skipped'), 10_000, 'the skipped status of service.py');
    assert.match(skipped.message, /excluded by the pattern 'service\.py'/, skipped.message);
    write('.boundwise.json', '{ "extend-exclude": ["docs"] }\n');
    await client.filesChanged([{ file: file('.boundwise.json'), type: CHANGED }]);
    await bw110Count('service.py', 1, 'BW110 back in service.py once the exclusion is undone');
  });

  /** The watchers registered with a pattern relative to a folder: `folder/pattern` each. */
  const relativeWatchers = async () => {
    const registration = await client.waitFor(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 10_000, 'the watcher registration');
    const watchers = (registration.registerOptions as { watchers: Array<{ globPattern: string | { baseUri: string; pattern: string } }> }).watchers;
    return watchers.flatMap((w) => (typeof w.globPattern === 'string' ? [] : [path.join(fileURLToPath(w.globPattern.baseUri), w.globPattern.pattern)]));
  };

  it('a workspace folder inside a repository: the .gitignore above it is watched, and its edit brings an ignored helper into the index', async () => {
    await start({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'app/generated/\n', 'app/generated/__init__.py': '', 'app/generated/fetch.py': GENERATED_FETCH, 'app/service.py': GENERATED_SERVICE }, { workspace: 'app', relativePatterns: true });
    const watched = await relativeWatchers();
    for (const outside of ['.gitignore', '.git/info/exclude', 'pyproject.toml']) assert.ok(watched.includes(path.join(top, outside)), `${outside} above the workspace folder is watched: ${watched.join(', ')}`);
    await client.open(uri('service.py'), 'python', GENERATED_SERVICE);
    await client.indexed(15_000);
    await bw110Count('service.py', 0, 'no BW110: the repository\'s .gitignore ignores app/generated');

    fs.writeFileSync(path.join(top, '.gitignore'), '*.log\n');
    await client.filesChanged([{ file: path.join(top, '.gitignore'), type: CHANGED }]);
    await bw110Count('service.py', 1, 'BW110 once the .gitignore above the workspace folder no longer names generated/');
  });

  it('a linked worktree: the main repository\'s info/exclude is watched, and its edit takes a helper out of the index', async () => {
    await start(
      {
        'main/.git/HEAD': 'ref: refs/heads/main\n',
        'main/.git/worktrees/wt/commondir': '../..\n',
        'wt/.git': 'gitdir: ../main/.git/worktrees/wt\n',
        'wt/generated/__init__.py': '',
        'wt/generated/fetch.py': GENERATED_FETCH,
        'wt/service.py': GENERATED_SERVICE,
      },
      { workspace: 'wt', relativePatterns: true },
    );
    const exclude = path.join(top, 'main', '.git', 'info', 'exclude');
    assert.ok((await relativeWatchers()).includes(exclude), 'the main repository\'s info/exclude is watched');
    await client.open(uri('service.py'), 'python', GENERATED_SERVICE);
    await client.indexed(15_000);
    await bw110Count('service.py', 1, 'BW110 through generated/fetch.py to begin with');

    fs.mkdirSync(path.dirname(exclude), { recursive: true });
    fs.writeFileSync(exclude, 'generated/\n');
    await client.filesChanged([{ file: exclude, type: CREATED }]);
    await bw110Count('service.py', 0, 'BW110 gone once the main repository\'s info/exclude names generated/');
  });

  it('handles a burst of events once it settles, not once per event', async () => {
    await start({ 'helpers.py': PY_HELPERS, 'service.py': PY_SERVICE });
    await client.open(uri('service.py'), 'python', PY_SERVICE);
    await bw110Count('service.py', 1, 'BW110 through helpers.py');
    await client.indexed(15_000);
    const before = client.publishCounts.get(uri('service.py')) ?? 0;

    // A checkout rewrites the helper many times over (and creates other files) for about a
    // second, events a few tens of milliseconds apart: longer than the analyser waits between
    // edits of one open document, shorter than a burst takes to settle.
    for (let i = 0; i < 20; i++) {
      write('helpers.py', i % 2 ? PY_HELPERS : PY_HELPERS_FIXED);
      write(`pkg/module_${i}.py`, `def f_${i}():\n    return ${i}\n`);
      await client.filesChanged([
        { file: file('helpers.py'), type: CHANGED },
        { file: file(`pkg/module_${i}.py`), type: CREATED },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    write('helpers.py', PY_HELPERS_FIXED);
    await client.filesChanged([{ file: file('helpers.py'), type: CHANGED }]);
    await bw110Count('service.py', 0, 'BW110 gone: the last version of helpers.py does not block');
    // Coarse: one re-check per settled burst (a slow machine may split the burst in two or three).
    const rechecks = client.publishCounts.get(uri('service.py'))! - before;
    assert.ok(rechecks <= 3, `service.py was checked again ${rechecks} times for one burst`);
  });
});
