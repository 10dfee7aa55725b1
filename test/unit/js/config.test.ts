import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeOptions, normalizeConfig, parsePyprojectSection, projectConfigFor } from '../../../server/analysis/config';
import { Exclusions, packageEntryPoints } from '../../../server/files/exclusions';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { lines } from '../helpers';

const SOURCE = lines(
  "const fs = require('fs');",
  "const { execSync } = require('child_process');",
  "const { fetchSync } = require('mylib');",
  'async function f() {',
  "  fs.readFileSync('a');",
  "  execSync('ls');",
  "  fetchSync('http://x');",
  '}',
);

describe('project configuration: package.json "boundwise", .boundwise.json, pyproject.toml', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lint = async (file: string, options = {}) =>
    (await lintFiles([file], options, [dir])).findings.map((f) => `${f.code}:${f.severity}@${f.range.start.line + 1}`);

  it('reads "boundwise" in package.json: ignore, severity and extra blocking calls with a code', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', boundwise: { ignore: ['BW103'], severity: { BW104: 'error' }, extraBlockingCalls: { 'mylib.fetchSync': 'BW102' } } }));
    fs.mkdirSync(path.join(dir, 'src'));
    const file = path.join(dir, 'src', 'a.js');
    fs.writeFileSync(file, SOURCE);
    assert.deepEqual(await lint(file), ['BW104:error@6', 'BW102:warning@7']);
    const configured = (await lintFiles([file], {}, [dir])).findings.find((f) => f.code === 'BW102');
    assert.doesNotMatch(configured?.message ?? '', /asyncio/, configured?.message);
  });

  it('an extra blocking call configured as a sleep (BW101) is reported as one', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', boundwise: { extraBlockingCalls: { 'mylib.fetchSync': 'BW101' } } }));
    const file = path.join(dir, 'a.js');
    fs.writeFileSync(file, SOURCE);
    assert.deepEqual(await lint(file), ['BW103:warning@5', 'BW104:warning@6', 'BW101:warning@7']);
  });

  it('prefers .boundwise.json in the same folder, and CLI options go on top', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ boundwise: { ignore: ['BW1'] } }));
    fs.writeFileSync(path.join(dir, '.boundwise.json'), JSON.stringify({ extraBlockingCalls: ['mylib.fetchSync'], severity: { BW103: 'off' } }));
    const file = path.join(dir, 'a.js');
    fs.writeFileSync(file, SOURCE);
    assert.deepEqual(await lint(file), ['BW104:warning@6', 'BW110:warning@7']);
    assert.deepEqual(await lint(file, { select: ['BW104'] }), ['BW104:warning@6']);
    // The advice is JavaScript's, never asyncio's.
    const listed = (await lintFiles([file], {}, [dir])).findings.find((f) => f.code === 'BW110');
    assert.match(listed?.message ?? '', /listed in extraBlockingCalls\); use the async form of fetchSync, awaited, or a worker thread instead/);
  });

  it('a package.json without "boundwise" configures nothing, and a broken config file does not stop the analysis', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "x"');
    const file = path.join(dir, 'a.js');
    fs.writeFileSync(file, SOURCE);
    assert.deepEqual(await lint(file), ['BW103:warning@5', 'BW104:warning@6']);
  });

  it('re-reads a configuration file after it changes', async () => {
    const cfg = path.join(dir, '.boundwise.json');
    fs.writeFileSync(cfg, JSON.stringify({ ignore: ['BW103'] }));
    const file = path.join(dir, 'a.js');
    assert.deepEqual(projectConfigFor(file).ignore, ['BW103']);
    fs.writeFileSync(cfg, JSON.stringify({ ignore: ['BW104'] }));
    fs.utimesSync(cfg, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(projectConfigFor(file).ignore, ['BW104']);
  });

  it('parses [tool.boundwise] in pyproject.toml', () => {
    const section = parsePyprojectSection(
      ['[project]', 'name = "x"', '', '[tool.boundwise]', 'select = ["BW1", "BW2"]', 'extra-blocking-calls = [', '  "mylib.fetch_sync",', ']', '', '[tool.boundwise.severity]', 'BW101 = "error"', '[tool.other]', 'x = 1'].join('\n'),
    );
    assert.deepEqual(normalizeConfig(section), { select: ['BW1', 'BW2'], extraBlockingCalls: { 'mylib.fetch_sync': 'BW110' }, severity: { BW101: 'error' } });
  });

  it('extraBlockingCalls names workspace functions and methods by module path or its end, and globs', async () => {
    fs.writeFileSync(
      path.join(dir, 'pyproject.toml'),
      ['[tool.boundwise]', 'extra-blocking-calls = ["pkg.store.save_all", "Cache.refresh", "vendor.*_sync"]'].join('\n'),
    );
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'pkg', '__init__.py'), '');
    fs.writeFileSync(path.join(dir, 'pkg', 'store.py'), lines('def save_all(rows):', '    return len(rows)', '', 'def save_one(row):', '    return row'));
    fs.writeFileSync(path.join(dir, 'pkg', 'cache.py'), lines('class Cache:', '    def refresh(self):', '        return 1', '', '    def peek(self):', '        return 2'));
    fs.writeFileSync(path.join(dir, 'vendor.py'), lines('def fetch_sync(url):', '    return url', '', 'def fetch_async_ready(url):', '    return url'));
    const app = path.join(dir, 'app.py');
    fs.writeFileSync(
      app,
      lines(
        'from pkg.store import save_all, save_one',
        'from pkg.cache import Cache',
        'import vendor',
        '',
        'async def handle(rows, url):',
        '    save_all(rows)',
        '    save_one(rows)',
        '    cache = Cache()',
        '    cache.refresh()',
        '    cache.peek()',
        '    vendor.fetch_sync(url)',
        '    vendor.fetch_async_ready(url)',
      ),
    );
    const files = ['pkg/__init__.py', 'pkg/store.py', 'pkg/cache.py', 'vendor.py', 'app.py'].map((f) => path.join(dir, f));
    const { findings } = await lintFiles(files, {}, [dir]);
    assert.deepEqual(
      findings.map((f) => `${f.code}@${f.range.start.line + 1} ${f.data?.target}`),
      ['BW110@6 pkg.store.save_all', 'BW110@9 pkg.cache.Cache.refresh', 'BW110@11 vendor.fetch_sync'],
    );
  });

  it('parses per-file-ignores as an inline table of pyproject.toml', () => {
    const section = parsePyprojectSection(['[tool.boundwise]', 'per-file-ignores = { "tests/*" = ["BW101", "BW103"], \'!src/*\' = ["BW1"] }'].join('\n'));
    assert.deepEqual(normalizeConfig(section), { perFileIgnores: { 'tests/*': ['BW101', 'BW103'], '!src/*': ['BW1'] } });
  });

  it('reads exclude, extend-exclude and force-exclude in each spelling; the file selection comes from the nearest configuration', () => {
    assert.deepEqual(normalizeConfig({ exclude: ['gen', 7, ' '], 'extend-exclude': 'vendor', 'force-exclude': true }), { exclude: ['gen'], extendExclude: ['vendor'], forceExclude: true });
    assert.deepEqual(normalizeConfig({ extendExclude: ['a'], forceExclude: false }), { extendExclude: ['a'] });
    assert.deepEqual(normalizeConfig({ extend_exclude: ['b'], force_exclude: 'true' }), { extendExclude: ['b'], forceExclude: true });
    // `exclude = []` is kept: it reads everything, the default list included.
    assert.deepEqual(normalizeConfig({ exclude: [] }), { exclude: [] });
    const toml = normalizeConfig(parsePyprojectSection('[tool.boundwise]\nexclude = [\n  "a",\n  "b/*",\n]\nforce-exclude = true\n'));
    assert.deepEqual(toml, { exclude: ['a', 'b/*'], forceExclude: true });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-sel-'));
    fs.mkdirSync(path.join(dir, 'sub', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.boundwise]\nextend-exclude = ["gen"]\n');
    fs.writeFileSync(path.join(dir, 'sub', '.boundwise.json'), JSON.stringify({ exclude: ['x'] }));
    const exclusions = new Exclusions();
    assert.deepEqual(exclusions.selectionFor(path.join(dir, 'sub', 'deep')), { base: path.join(dir, 'sub'), source: path.join(dir, 'sub', '.boundwise.json'), exclude: ['x'], extendExclude: [], forceExclude: false });
    assert.deepEqual(exclusions.selectionFor(dir).extendExclude, ['gen']);
    // The selection keys are not analysis options.
    assert.equal('extendExclude' in projectConfigFor(path.join(dir, 'a.py')), false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the entry points of package.json main, module and exports', () => {
    assert.deepEqual(packageEntryPoints({ main: './dist/index.js', module: 'esm/index.mjs' }), ['./dist/index.js', 'esm/index.mjs']);
    assert.deepEqual(packageEntryPoints({ exports: './out/a.js' }), ['./out/a.js']);
    assert.deepEqual(
      packageEntryPoints({ exports: { '.': { node: { import: './dist/node.mjs' }, default: ['./dist/a.js', './lib/a.js'] }, './x/*': './build/x/*.js', './private': null } }),
      ['./dist/node.mjs', './dist/a.js', './lib/a.js', './build/x/'],
    );
    assert.deepEqual(packageEntryPoints({ name: 'nothing', bin: 'cli.js' }), []);
    assert.deepEqual(packageEntryPoints('not an object'), []);
    // Nesting a hostile manifest deeply does not overflow the stack.
    let deep: unknown = './dist/x.js';
    for (let i = 0; i < 100_000; i++) deep = { c: deep };
    assert.deepEqual(packageEntryPoints({ exports: deep }), []);
  });

  it('drops invalid values instead of failing', () => {
    assert.deepEqual(normalizeConfig({ severity: { BW101: 'loud', nope: 'error' }, select: 'BW1, E501', ignore: 7 }), { select: ['BW1'] });
    assert.deepEqual(mergeOptions({ severity: { BW101: 'error' }, ignore: ['BW2'] }, { severity: { BW102: 'hint' }, ignore: ['BW3'] }), {
      severity: { BW101: 'error', BW102: 'hint' },
      select: undefined,
      ignore: ['BW2', 'BW3'],
      extraBlockingCalls: {},
    });
  });
});
