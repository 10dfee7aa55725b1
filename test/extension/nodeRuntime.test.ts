// Which Node runs a profiled script (boundwise.node.path, else node on the PATH, else the editor's),
// and that the run really uses it and says which version ran: a real run through a link to this
// machine's node in a folder of its own.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseNode } from '../../src/extension/profile/nodeRuntime';
import { profileScript } from '../../src/profile/engine';
import { renderReportHtml } from '../../src/report';

describe('the project\u2019s Node for profiled scripts', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-node-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.symlinkSync(process.execPath, path.join(dir, 'bin', 'node'));
    fs.writeFileSync(path.join(dir, 'app.js'), 'let s = 0; for (let i = 0; i < 3e6; i++) s += i; console.log(s);\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('boundwise.node.path first (with ${workspaceFolder}), then node on the PATH, then the editor\u2019s own', () => {
    assert.deepEqual(chooseNode('${workspaceFolder}/bin/node', '/w', path.join(dir, 'bin'), '/editor/node'), { command: '/w/bin/node', source: 'setting' });
    assert.deepEqual(chooseNode(undefined, '/w', ['/nowhere', path.join(dir, 'bin')].join(path.delimiter), '/editor/node'), { command: path.join(dir, 'bin', 'node'), source: 'path' });
    assert.deepEqual(chooseNode(undefined, '/w', '/nowhere', '/editor/node'), { command: '/editor/node', source: 'editor' });
  });

  it('never takes node from a relative PATH entry (it would be the workspace\u2019s)', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      assert.equal(chooseNode(undefined, dir, 'bin', '/editor/node').source, 'editor');
    } finally {
      process.chdir(cwd);
    }
  });

  it('never takes node from a PATH entry inside a workspace folder, nor a link into one', () => {
    // dir plays the workspace: its programs must not run just because a shell put them on the PATH.
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-node-out-'));
    try {
      const own = path.join(dir, 'tools', 'node');
      fs.mkdirSync(path.dirname(own));
      fs.writeFileSync(own, '#!/bin/sh\n', { mode: 0o755 });
      fs.mkdirSync(path.join(outside, 'link'));
      fs.symlinkSync(own, path.join(outside, 'link', 'node'));
      fs.mkdirSync(path.join(outside, 'real'));
      fs.writeFileSync(path.join(outside, 'real', 'node'), '#!/bin/sh\n', { mode: 0o755 });
      const pathOf = (...dirs: string[]) => dirs.join(path.delimiter);
      assert.equal(chooseNode(undefined, dir, pathOf(path.join(dir, 'bin')), '/editor/node').source, 'editor');
      assert.equal(chooseNode(undefined, '/w', pathOf(path.join(dir, 'bin')), '/editor/node', ['/w', dir]).source, 'editor');
      assert.equal(chooseNode(undefined, dir, pathOf(path.join(outside, 'link')), '/editor/node').source, 'editor');
      // The first node on the PATH outside the workspace is taken.
      assert.deepEqual(chooseNode(undefined, dir, pathOf(path.join(dir, 'tools'), path.join(outside, 'link'), path.join(outside, 'real')), '/editor/node'), {
        command: path.join(outside, 'real', 'node'),
        source: 'path',
      });
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(path.join(dir, 'tools'), { recursive: true, force: true });
    }
  });

  it('the run uses the chosen node and the report says which version ran', async () => {
    const node = path.join(dir, 'bin', 'node');
    const { report } = await profileScript({ script: path.join(dir, 'app.js'), cwd: dir, node });
    assert.deepEqual(report.runtime, { command: node, version: process.version });
    assert.match(renderReportHtml(report), new RegExp(`>Node\\.js ${process.version.replace(/\./g, '\\.')}</span>`));
  });
});
