// `boundwise lint FILE` checks the file in its project: a BW110 chain through helpers in other
// files of the project is found, as when the project's folder is linted, and only the named file
// is reported. The project of a package in a monorepo workspace is the workspace; a `.git` in the
// home folder does not make the home folder a project; the project's walk is bounded and says what
// it left. The CLI runs as a real process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempProject } from '../files';
import { boundwise } from './run';

interface Row {
  file: string;
  line: number;
  code: string;
  message: string;
  related: Array<{ file: string; line: number }>;
}

const json = (stdout: string) => JSON.parse(stdout) as Row[];

const PY_HELPERS = 'import requests\n\ndef download(url):\n    return requests.get(url).content\n';

/** Fills `dir` with `folders` folders (`prefix0`, `prefix1`, ...) of `perFolder` small Python files. */
function manyFiles(dir: string, prefix: string, folders: number, perFolder: number): void {
  for (let i = 0; i < folders; i++) {
    fs.mkdirSync(path.join(dir, `${prefix}${i}`), { recursive: true });
    for (let j = 0; j < perFolder; j++) fs.writeFileSync(path.join(dir, `${prefix}${i}`, `m${j}.py`), `X = ${j}\n`);
  }
}

describe('boundwise lint FILE: the file in its project', () => {
  it('Python: follows a chain through two helper files of the project, from any folder, and reports only the named file', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "shop"\n',
      'src/app/__init__.py': '',
      'src/app/service.py': 'from app.orders import load_order\n\nasync def handle(order_id):\n    return load_order(order_id)\n',
      'src/app/orders.py': 'from lib.net import fetch\n\ndef load_order(order_id):\n    return fetch(f"/orders/{order_id}")\n',
      'lib/net.py': 'import requests\n\ndef fetch(url):\n    return requests.get(url).json()\n',
      'src/app/other.py': 'import time\n\nasync def tick():\n    time.sleep(1)\n',
    });
    const folder = json(boundwise(['lint', '--format', 'json', '--no-cache', '.'], dir).stdout);
    const fromFolder = folder.filter((r) => r.file === path.join('src', 'app', 'service.py'));
    assert.equal(fromFolder.length, 1, JSON.stringify(folder));

    const r = boundwise(['lint', '--format', 'json', '--no-cache', path.join('src', 'app', 'service.py')], dir);
    assert.equal(r.status, 1, r.stderr);
    const rows = json(r.stdout);
    assert.deepEqual(rows, fromFolder, 'the same finding as when the project is linted');
    assert.equal(rows[0].code, 'BW110');
    assert.deepEqual(
      rows[0].related.map((x) => [x.file, x.line]),
      [
        [path.join('src', 'app', 'orders.py'), 4],
        [path.join('lib', 'net.py'), 4],
      ],
    );

    // From the file's own folder: the project's top folder is found upward (pyproject.toml).
    const inside = boundwise(['lint', '--no-cache', 'service.py'], path.join(dir, 'src', 'app'));
    assert.equal(inside.status, 1, inside.stderr);
    assert.match(inside.stdout, /^service\.py:4:12: BW110 .*load_order/m);
    assert.match(inside.stdout, /\.\.\/\.\.\/lib\/net\.py:4:12: blocking call requests\.get/);
    assert.doesNotMatch(inside.stdout, /other\.py/, 'other files of the project are not reported');
    assert.match(inside.stdout, /Found 1 problem in 1 file\./);
  });

  it('JavaScript and TypeScript: a chain through a helper of the project (package.json), only the named files reported', () => {
    const dir = tempProject({
      'package.json': '{ "name": "api", "private": true }\n',
      'src/routes/orders.js': "const { readOrder } = require('../lib/store');\n\nasync function getOrder(req, res) {\n  res.json(readOrder(req.params.id));\n}\n\nmodule.exports = { getOrder };\n",
      'src/routes/users.ts': "import { readUser } from '../lib/store';\n\nexport async function getUser(id: string) {\n  return readUser(id);\n}\n",
      'src/lib/store.js': "const { readJson } = require('./disk');\n\nfunction readOrder(id) {\n  return readJson(`orders/${id}.json`);\n}\n\nfunction readUser(id) {\n  return readJson(`users/${id}.json`);\n}\n\nmodule.exports = { readOrder, readUser };\n",
      'src/lib/disk.js': "const fs = require('fs');\n\nfunction readJson(p) {\n  return JSON.parse(fs.readFileSync(p, 'utf8'));\n}\n\nmodule.exports = { readJson };\n",
      'src/lib/other.js': "const { execSync } = require('child_process');\n\nasync function run() {\n  execSync('true');\n}\n\nmodule.exports = { run };\n",
    });
    const named = [path.join('src', 'routes', 'orders.js'), path.join('src', 'routes', 'users.ts')];
    const folder = json(boundwise(['lint', '--format', 'json', '--no-cache', '.'], dir).stdout).filter((row) => named.includes(row.file));
    assert.equal(folder.length, 2, JSON.stringify(folder));

    const r = boundwise(['lint', '--format', 'json', '--no-cache', ...named], dir);
    assert.equal(r.status, 1, r.stderr);
    const rows = json(r.stdout);
    assert.deepEqual(rows, folder, 'the same findings as when the project is linted');
    for (const row of rows) {
      assert.equal(row.code, 'BW110');
      assert.deepEqual(
        row.related.map((x) => x.file),
        [path.join('src', 'lib', 'store.js'), path.join('src', 'lib', 'disk.js')],
      );
    }
  });

  it('a package of an npm workspace: the project is the workspace, so a chain into a sibling package (a tsconfig paths alias) is followed, from the root or the package', () => {
    const dir = tempProject({
      'package.json': '{ "private": true, "workspaces": ["packages/*"] }\n',
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@acme/shared": ["packages/shared/src/index.ts"] } } }\n',
      'packages/api/package.json': '{ "name": "@acme/api", "version": "1.0.0" }\n',
      'packages/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }\n',
      'packages/api/src/routes.ts': "import { readSettings } from '@acme/shared';\n\nexport async function getSettings(name: string) {\n  return readSettings(name);\n}\n",
      'packages/shared/package.json': '{ "name": "@acme/shared", "version": "1.0.0", "main": "src/index.ts" }\n',
      'packages/shared/src/index.ts': "import { readFileSync } from 'fs';\n\nexport function readSettings(name: string) {\n  return JSON.parse(readFileSync(`settings/${name}.json`, 'utf8'));\n}\n",
    });
    const routes = path.join('packages', 'api', 'src', 'routes.ts');
    const folder = json(boundwise(['lint', '--format', 'json', '--no-cache', '.'], dir).stdout).filter((r) => r.file === routes);
    assert.equal(folder.length, 1, 'linting the workspace finds the chain');

    const r = boundwise(['lint', '--format', 'json', '--no-cache', routes], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.deepEqual(json(r.stdout), folder, 'the same finding as when the workspace is linted');
    assert.deepEqual(json(r.stdout)[0].related.map((x) => x.file), [path.join('packages', 'shared', 'src', 'index.ts')]);

    // From inside the package (an npm script of the package runs there).
    const inside = boundwise(['lint', '--no-cache', path.join('src', 'routes.ts')], path.join(dir, 'packages', 'api'));
    assert.equal(inside.status, 1, inside.stdout + inside.stderr);
    assert.match(inside.stdout, /^src\/routes\.ts:4:10: BW110 /m);
    assert.match(inside.stdout, /\.\.\/shared\/src\/index\.ts:4:21: blocking call /);
  });

  it('a package of a pnpm workspace: a chain into a sibling package is followed; a package the workspace excludes (`!`) stays its own project', () => {
    const disk = "const fs = require('fs');\n\nfunction readJson(p) {\n  return JSON.parse(fs.readFileSync(p, 'utf8'));\n}\n\nmodule.exports = { readJson };\n";
    const caller = (lib: string) => `const { readJson } = require('${lib}');\n\nasync function load(req, res) {\n  res.json(readJson(req.query.path));\n}\n\nmodule.exports = { load };\n`;
    const dir = tempProject({
      'package.json': '{ "name": "root", "private": true }\n',
      'pnpm-workspace.yaml': "# the workspace's packages\npackages:\n  - 'apps/*'\n  - \"libs/**\"\n  - '!apps/legacy'\n",
      'apps/web/package.json': '{ "name": "web" }\n',
      'apps/web/server.js': caller('../../libs/io/disk'),
      'apps/legacy/package.json': '{ "name": "legacy" }\n',
      'apps/legacy/server.js': caller('../../libs/io/disk'),
      'libs/io/package.json': '{ "name": "io" }\n',
      'libs/io/disk.js': disk,
    });
    const web = boundwise(['lint', '--format', 'json', '--no-cache', path.join('apps', 'web', 'server.js')], dir);
    assert.equal(web.status, 1, web.stdout + web.stderr);
    assert.deepEqual(json(web.stdout)[0].related.map((x) => x.file), [path.join('libs', 'io', 'disk.js')]);
    // Not a member: its project is its own folder, as pnpm sees it; libs/ is not read for it.
    const legacy = boundwise(['lint', '--format', 'json', '--no-cache', path.join('apps', 'legacy', 'server.js')], dir);
    assert.equal(legacy.status, 0, legacy.stdout + legacy.stderr);
  });

  it('a .git in the home folder (dotfiles) does not make the home folder the project of a file in it', () => {
    const home = tempProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'scratch/fetch_all.py': 'from helpers import download\n\nasync def main(urls):\n    return [download(u) for u in urls]\n',
      'scratch/helpers.py': PY_HELPERS,
    });
    // The rest of the home folder: many files, and a folder whose name is not UTF-8 (a walk of the
    // home folder reports it, and exits 2).
    manyFiles(path.join(home, 'notes'), 'year', 40, 50);
    fs.mkdirSync(Buffer.from(path.join(home, 'downloads', 'caf\xe9'), 'latin1'), { recursive: true });

    const r = boundwise(['lint', '--no-cache', path.join('scratch', 'fetch_all.py')], home, { env: { HOME: home } });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^scratch\/fetch_all\.py:4:13: BW110 /m, 'the helper beside it is followed');
    assert.doesNotMatch(r.stdout + r.stderr, /caf|not valid UTF-8|Listing the project/, 'the home folder is not walked');
  });

  it('bounds the walk of a project with --max-project-files and --max-project-seconds and says which folders it did not list; 0 lifts the bound', () => {
    const dir = tempProject({
      'pyproject.toml': '[project]\nname = "big"\n',
      'service.py': 'from helpers import download\n\nasync def handle(url):\n    return download(url)\n',
      'helpers.py': PY_HELPERS,
    });
    manyFiles(dir, 'part', 6, 20);
    // The files of the project's top folder are listed before any folder below it.
    const r = boundwise(['lint', '--no-cache', '--max-project-files', '30', 'service.py'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^service\.py:4:12: BW110 /m);
    const note = /^Listing the project .*$/m.exec(r.stdout)?.[0] ?? '';
    assert.match(note, /^Listing the project \.\/ stopped after (\d+) files \(--max-project-files\), so calls into (\d) folders (part\d\/(, | and )?){2,}.*were not followed; raise --max-project-files \(0: no limit\) to follow them\.$/, r.stdout);
    const [, listed, left] = /after (\d+) files.*calls into (\d) folders/.exec(note)!;
    // Whole folders: the top folder's 2 files, then 20 per folder until 30 are reached.
    assert.equal(Number(listed), 42);
    assert.equal(Number(left), 4);

    // With JSON on standard output, the sentence goes to standard error.
    const asJson = boundwise(['lint', '--format', 'json', '--no-cache', '--max-project-files', '30', 'service.py'], dir);
    assert.equal(json(asJson.stdout).length, 1, asJson.stdout);
    assert.match(asJson.stderr, /^boundwise lint: Listing the project \.\/ stopped after 42 files \(--max-project-files\)/m, asJson.stderr);

    // The time bound: hundreds of folders take longer than a millisecond to list.
    for (let i = 0; i < 300; i++) fs.mkdirSync(path.join(dir, 'tree', `f${i}`), { recursive: true });
    const timed = boundwise(['lint', '--no-cache', '--max-project-seconds', '0.001', 'service.py'], dir);
    assert.equal(timed.status, 1, timed.stdout + timed.stderr);
    assert.match(timed.stdout, /^Listing the project \.\/ stopped after \d+ ms \(--max-project-seconds\), so calls into .* were not followed; raise --max-project-seconds \(0: no limit\) to follow them\.$/m, timed.stdout);

    const all = boundwise(['lint', '--no-cache', '--max-project-files', '0', 'service.py'], dir);
    assert.equal(all.status, 1, all.stdout + all.stderr);
    assert.doesNotMatch(all.stdout, /Listing the project/);
    assert.match(boundwise(['lint', '--max-project-files', 'many', 'service.py'], dir).stderr, /--max-project-files needs a number \(0: no limit\), got 'many'/);
  });
});
