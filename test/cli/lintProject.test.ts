// `boundwise lint FILE` checks the file in its project: a BW110 chain through helpers in other
// files of the project is found, as when the project's folder is linted, and only the named file
// is reported. The CLI runs as a real process.
import * as assert from 'node:assert/strict';
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
});
