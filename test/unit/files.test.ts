// The pieces of server/files and the CLI's printing that the hostile-workspace tests (test/cli)
// reach only through whole runs: git configuration parsing and terminal-safe text.
import * as assert from 'node:assert/strict';
import { coreExcludesFile } from '../../server/files/gitIgnores';
import { scopesToWalk } from '../../server/files/ruleFiles';
import { namesPackage, pnpmWorkspacePackages, workspacePatterns } from '../../server/files/workspaces';
import { tempProject } from '../files';
import { printable } from '../../src/cli/format/printable';

describe('core.excludesFile in a git configuration', () => {
  const cases: Array<[string, string | undefined]> = [
    ['[core]\n\texcludesFile = ~/.gitignore_global\n', '~/.gitignore_global'],
    ['[Core]\n  ExcludesFile="/a b/ignore" ; a comment\n', '/a b/ignore'],
    ['[core]\nexcludesfile = "x\\"y" # comment\n', 'x"y'],
    ['[user]\nexcludesFile = /not/core\n[core]\n\tautocrlf = false\n', undefined],
    ['[core "x"]\nexcludesFile = /sub\n[alias]\n', undefined],
    ['[core]\nexcludesFile = /first\n[core]\nexcludesFile = /second\n', '/second'],
    ['', undefined],
  ];
  for (const [config, expected] of cases) it(JSON.stringify(config), () => assert.equal(coreExcludesFile(config), expected));
});

describe('printable: text from the workspace made safe for a terminal', () => {
  it('escapes escape sequences, bells, C1 controls and bidi overrides', () => {
    assert.equal(printable('\x1b[31mred\x1b[0m.py'), '\\x1b[31mred\\x1b[0m.py');
    assert.equal(printable('\x1b]0;title\x07'), '\\x1b]0;title\\x07');
    assert.equal(printable('a\u009b2Jb\x7f'), 'a\\x9b2Jb\\x7f');
    assert.equal(printable('evil\u202egnp.py'), 'evil\\u202egnp.py');
    assert.equal(printable('line\nbreak\ttab\r'), 'line\\x0abreak\\x09tab\\x0d');
  });

  it('leaves ordinary text and non-ASCII names alone', () => {
    for (const text of ['app.py:4:5: BW101 `time.sleep` blocks', 'café/naïve.py', '日本語.py', '😀.ts']) assert.equal(printable(text), text);
  });
});

describe('monorepo workspaces: which packages a workspace names', () => {
  it('reads pnpm-workspace.yaml packages in block and flow style, with comments and quotes', () => {
    assert.deepEqual(pnpmWorkspacePackages("# top\npackages:\n  # apps first\n  - 'apps/*'\n  - \"libs/**\"\n  - tools/cli # the CLI\n  - '!**/test/**'\ncatalog:\n  - not-a-package\n"), ['apps/*', 'libs/**', 'tools/cli', '!**/test/**']);
    assert.deepEqual(pnpmWorkspacePackages("packages: ['apps/*', \"libs/*\"]\n"), ['apps/*', 'libs/*']);
    assert.deepEqual(pnpmWorkspacePackages('onlyBuiltDependencies:\n  - esbuild\n'), []);
  });

  it('reads package.json workspaces (a list, or yarn\'s { packages }) and lerna.json (packages/* when it names none)', () => {
    assert.deepEqual(workspacePatterns(tempProject({ 'package.json': '{ "workspaces": ["apps/*", "!apps/old"] }' })), ['apps/*', '!apps/old']);
    assert.deepEqual(workspacePatterns(tempProject({ 'package.json': '{ "workspaces": { "packages": ["libs/*"], "nohoist": ["**/x"] } }' })), ['libs/*']);
    assert.deepEqual(workspacePatterns(tempProject({ 'package.json': '{ "name": "x" }', 'lerna.json': '{ "version": "1.0.0" }' })), ['packages/*']);
    assert.deepEqual(workspacePatterns(tempProject({ 'lerna.json': '{ "packages": ["modules/*"] }' })), ['modules/*']);
    assert.deepEqual(workspacePatterns(tempProject({ 'package.json': '{ "workspaces": ' })), [], 'a package.json that does not parse declares none');
  });

  it('matches a package folder as npm and pnpm do: * is one folder, ** any, ! excludes', () => {
    const top = '/repo';
    assert.ok(namesPackage(['packages/*'], top, '/repo/packages/api'));
    assert.ok(!namesPackage(['packages/*'], top, '/repo/packages/group/api'), '* is one folder');
    assert.ok(namesPackage(['./packages/**'], top, '/repo/packages/group/api'));
    assert.ok(namesPackage(['{apps,libs}/*'], top, '/repo/libs/io'));
    assert.ok(namesPackage(['tools/cli/'], top, '/repo/tools/cli'));
    assert.ok(!namesPackage(['apps/*', '!apps/legacy'], top, '/repo/apps/legacy'));
    assert.ok(!namesPackage(['apps/*'], top, '/repo/libs/io'));
    assert.ok(!namesPackage(['packages/api.v2'], top, '/repo/packages/apixv2'), 'a dot is a dot');
  });
});

describe('which folders a changed ignore file or configuration makes the server walk again', () => {
  it('its folder inside a workspace folder, the workspace folder for one above it, nothing outside; none inside another', () => {
    const roots = ['/ws/a', '/ws/b'];
    assert.deepEqual(scopesToWalk(['/ws/a/src', '/ws/a/src/gen'], roots), ['/ws/a/src']);
    assert.deepEqual(scopesToWalk(['/ws'], roots), ['/ws/a', '/ws/b']);
    assert.deepEqual(scopesToWalk(['/elsewhere', '/ws/ab'], roots), []);
  });
});
