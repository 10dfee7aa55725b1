// Monorepo packages imported by name (`@acme/util`) are workspace code: a BW110 chain follows
// them into the package's entry point, as the package manager's links make it at run time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageCandidates, workspacePackagesFor } from '../../../server/analysis/js/workspacePackages';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { sourceFilesUnder, tempProject } from '../../files';

const UTIL = "const { execSync } = require('node:child_process');\nexports.gitHead = () => execSync('git rev-parse HEAD').toString();\n";
const APP = "const { gitHead } = require('@acme/util');\nexports.handle = async () => gitHead();\n";

describe('JS/TS: monorepo packages imported by name', () => {
  const dirs: string[] = [];
  const project = (files: Record<string, string>) => {
    const dir = tempProject(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  const bw110Lines = async (dir: string, file: string) => {
    const { findings, problems } = await lintFiles(sourceFilesUnder(dir), {}, [dir]);
    assert.deepEqual(problems, []);
    return findings.filter((f) => f.code === 'BW110' && f.file === path.join(dir, file)).map((f) => f.range.start.line + 1);
  };

  it('pnpm-workspace.yaml: follows the package through its main entry', async () => {
    const dir = project({
      'pnpm-workspace.yaml': "packages:\n  - 'libs/*'   # the libraries\n  - apps/*\n",
      'libs/util/package.json': '{ "name": "@acme/util", "main": "dist/main.js" }',
      'libs/util/dist/main.js': UTIL,
      'apps/web/package.json': '{ "name": "web" }',
      'apps/web/app.js': APP,
    });
    assert.deepEqual(await bw110Lines(dir, 'apps/web/app.js'), [2]);
  });

  it('npm workspaces: a pattern with `!` leaves a folder out, and a package not listed stays a package', async () => {
    const dir = project({
      'package.json': '{ "workspaces": { "packages": ["packages/*", "!packages/legacy"] } }',
      'packages/util/package.json': '{ "name": "@acme/util" }',
      'packages/util/index.js': UTIL,
      'packages/legacy/package.json': '{ "name": "@acme/legacy" }',
      'packages/legacy/index.js': UTIL,
      'app.js': APP + "const legacy = require('@acme/legacy');\nexports.old = async () => legacy.gitHead();\n",
    });
    const packages = workspacePackagesFor(path.join(dir, 'app.js'));
    assert.deepEqual([...(packages?.folders.keys() ?? [])], ['@acme/util']);
    // The `index` fallback when package.json names no entry; @acme/legacy is not followed.
    assert.deepEqual(await bw110Lines(dir, 'app.js'), [2]);
  });

  it('a `workspaces` field added while the language server runs is found (its answer is kept two seconds)', async () => {
    const dir = project({
      'package.json': '{ "name": "acme" }',
      'packages/util/package.json': '{ "name": "@acme/util" }',
      'packages/util/index.js': UTIL,
      'app.js': APP,
    });
    assert.equal(workspacePackagesFor(path.join(dir, 'app.js')), undefined);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "acme", "workspaces": ["packages/*"] }');
    await new Promise((r) => setTimeout(r, 2100));
    assert.deepEqual([...(workspacePackagesFor(path.join(dir, 'app.js'))?.folders.keys() ?? [])], ['@acme/util']);
  });

  it('reads `exports` conditions and subpaths as Node does', () => {
    const dir = project({
      'package.json': '{ "workspaces": ["pkgs/**"] }',
      'pkgs/group/core/package.json': '{ "name": "core", "exports": { ".": { "import": "./esm/index.mjs", "require": "./cjs/index.cjs" } }, "main": "old.js" }',
    });
    const packages = workspacePackagesFor(path.join(dir, 'x.js'))!;
    const folder = path.join(dir, 'pkgs', 'group', 'core');
    assert.deepEqual(packageCandidates(packages, 'core'), [path.join(folder, 'esm/index.mjs'), path.join(folder, 'old.js'), path.join(folder, 'index')]);
    assert.deepEqual(packageCandidates(packages, 'core/lib/x'), [path.join(folder, 'lib/x')]);
    assert.deepEqual(packageCandidates(packages, 'express'), []);
  });

  it('a package renamed or added on disk is seen a moment later (the language server outlives edits)', async function () {
    this.timeout(20000);
    const dir = project({
      'package.json': '{ "workspaces": ["packages/*"] }',
      'packages/util/package.json': '{ "name": "@acme/other" }',
      'packages/util/index.js': UTIL,
      'app.js': APP + "const { gitHead: head } = require('@acme/tools');\nexports.tools = async () => head();\n",
    });
    assert.deepEqual(await bw110Lines(dir, 'app.js'), []);
    // The times a file system keeps can be coarse: set them clearly later.
    const touch = (p: string) => fs.utimesSync(p, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    fs.writeFileSync(path.join(dir, 'packages/util/package.json'), '{ "name": "@acme/util" }');
    touch(path.join(dir, 'packages/util/package.json'));
    fs.mkdirSync(path.join(dir, 'packages/tools'));
    fs.writeFileSync(path.join(dir, 'packages/tools/package.json'), '{ "name": "@acme/tools" }');
    fs.writeFileSync(path.join(dir, 'packages/tools/index.js'), UTIL);
    touch(path.join(dir, 'packages'));
    // What was read stands for two seconds before its files' times are looked at again.
    await new Promise((r) => setTimeout(r, 2100));
    assert.deepEqual(await bw110Lines(dir, 'app.js'), [2, 4]);
  });
});
