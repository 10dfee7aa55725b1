// Imports through tsconfig `paths` aliases (`@/lib/disk`) name workspace files: chains and
// constants follow them as they follow relative imports.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FactsCache } from '../../../server/analysis/factsCache';
import { aliasCandidates, pathAliasesFor } from '../../../server/analysis/js/tsconfig';
import { lintFiles } from '../../../server/analysis/lintFiles';
import { tempProject } from '../../files';


const FILES = {
  // JSONC, as tsc accepts it: comments and trailing commas; paths in a config it extends.
  'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@/*": ["src/*"], "#config": ["src/lib/config.ts"], },\n  },\n}\n',
  'tsconfig.json': '{ "extends": "./tsconfig.base", "compilerOptions": { "strict": true } }\n',
  'src/lib/disk.ts': "import * as fs from 'node:fs';\nexport function readSettings(p: string): string {\n  return fs.readFileSync(p, 'utf8');\n}\n",
  'src/lib/config.ts': 'export const RETRIES = 3;\n',
  'src/app/handler.ts': [
    "import { readSettings } from '@/lib/disk';",
    "import { RETRIES } from '#config';",
    'export async function handle(p: string): Promise<number> {',
    '  let n = 0;',
    '  for (let i = 0; i < RETRIES; i++) n += i;',
    '  return readSettings(p).length + n;',
    '}',
    '',
  ].join('\n'),
};
const SOURCES = ['src/lib/disk.ts', 'src/lib/config.ts', 'src/app/handler.ts'];

describe('JS/TS: tsconfig paths aliases', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempProject(FILES);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('follows a chain through `@/lib/disk` and reads a constant through `#config`', async () => {
    const { findings, problems } = await lintFiles(SOURCES.map((f) => path.join(dir, f)), {}, [dir]);
    assert.deepEqual(problems, []);
    assert.deepEqual(findings.map((f) => `${path.relative(dir, f.file)}:${f.range.start.line + 1} ${f.code}`), ['src/app/handler.ts:6 BW110'], 'BW110 through the alias; no BW201 over RETRIES = 3');
    assert.equal(path.relative(dir, findings[0].related?.[0].file ?? ''), path.join('src', 'lib', 'disk.ts'));
  });

  it('a changed config (here the one extended) is read again, and facts cached under the old one are not reused', async () => {
    const files = SOURCES.map((f) => path.join(dir, f));
    const base = path.join(dir, 'tsconfig.base.json');
    const withPaths = fs.readFileSync(base, 'utf8');
    // First without `@/*`: the import is a package's, so no chain (and the facts say so).
    fs.writeFileSync(base, '{ "compilerOptions": { "paths": { "#config": ["src/lib/config.ts"] } } }\n');
    const cache = FactsCache.open(path.join(dir, '.boundwise_cache'), 'test-build');
    assert.deepEqual((await lintFiles(files, {}, [dir], { cache })).findings, []);
    fs.writeFileSync(base, withPaths);
    const later = Date.now() / 1000 + 5; // a modification time that differs even on a coarse clock
    fs.utimesSync(base, later, later);
    const again = await lintFiles(files, {}, [dir], { cache });
    assert.deepEqual(again.findings.map((f) => f.code), ['BW110']);
    assert.ok(again.parsedFiles >= 1, 'handler.ts was read again, not taken from the cache');
  });

  it('with baseUrl alone, a bare import of a file under it is a workspace import; a package stays a package', async () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "src" } }\n');
    const later = Date.now() / 1000 + 20;
    fs.utimesSync(path.join(dir, 'tsconfig.json'), later, later);
    fs.writeFileSync(path.join(dir, 'src', 'app', 'handler.ts'), [
      "import { readSettings } from 'lib/disk';",
      "import { execSync } from 'child_process';",
      'export async function handle(p: string): Promise<number> {',
      "  execSync('true');",
      '  return readSettings(p).length;',
      '}',
      '',
    ].join('\n'));
    const { findings } = await lintFiles(SOURCES.map((f) => path.join(dir, f)), {}, [dir]);
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.code}`), ['4 BW104', '5 BW110']);
  });

  it('takes the pattern with the longest prefix, as TypeScript does', () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "@/*": ["src/*"], "@/lib/*": ["vendor/lib/*", "src/lib/*"] } } }\n');
    const later = Date.now() / 1000 + 10;
    fs.utimesSync(path.join(dir, 'tsconfig.json'), later, later);
    const aliases = pathAliasesFor(path.join(dir, 'src', 'app', 'handler.ts'))!;
    assert.deepEqual(aliasCandidates(aliases, '@/lib/disk'), [path.join(dir, 'vendor', 'lib', 'disk'), path.join(dir, 'src', 'lib', 'disk')]);
    assert.deepEqual(aliasCandidates(aliases, '@/app/x'), [path.join(dir, 'src', 'app', 'x')]);
    assert.deepEqual(aliasCandidates(aliases, 'express'), [], 'no pattern matches and there is no baseUrl: a package');
  });
});
