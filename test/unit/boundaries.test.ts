// The boundaries of eslint.config.mjs (`npm run lint`) fail when crossed: code written at a path
// inside each part, linted by ESLint with the repository's config, as `npm run lint` would.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('npm run lint: the boundaries between the parts', () => {
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: REPO });
  });

  /** The messages of the restricted-import rule for `code` written at `file` (relative to the repository). */
  async function crossings(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
    assert.deepEqual(result.messages.filter((m) => m.fatal), [], `${file} parses`);
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  }

  it('vscode is imported nowhere under server/', async () => {
    const found = await crossings('server/lsp/newModule.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.match(found.join('\n'), /Only src\/extension may import vscode/);
  });

  it('vscode is imported nowhere in the CLI, the profiler or the report renderer', async () => {
    for (const file of ['src/cli/newModule.ts', 'src/profile/newModule.ts', 'src/report/newModule.ts']) {
      assert.equal((await crossings(file, "import { window } from 'vscode';\nexport const w = window;\n")).length, 1, file);
    }
  });

  it('server/ never imports src/', async () => {
    const found = await crossings('server/lsp/newModule.ts', "import { collectFiles } from '../../src/cli/files';\nexport const c = collectFiles;\n");
    assert.match(found.join('\n'), /server\/ never imports src\//);
    assert.equal((await crossings('server/analysis/python/newModule.ts', "export { x } from '../../../src/profile/report';\n")).length, 1, 'a re-export crosses too');
    assert.equal((await crossings('server/lsp/newModule.ts', "export const files = require('../../src/cli/files');\n")).length, 1, 'so does a require()');
  });

  it('the language front ends never import the rules, not even their types', async () => {
    for (const file of ['server/analysis/python/newModule.ts', 'server/analysis/js/newModule.ts']) {
      const found = await crossings(file, "import { findBlockingCalls } from '../rules/blocking';\nimport type { Rule } from '../rules/rule';\nexport const f = findBlockingCalls as unknown as Rule;\n");
      assert.equal(found.length, 2, `${file}: ${found.join('; ')}`);
      assert.match(found[0], /front end never imports the rules/);
    }
  });

  it('lets each part import what it may', async () => {
    assert.deepEqual(await crossings('src/extension/newModule.ts', "import * as vscode from 'vscode';\nimport { RULES } from '../../server/analysis/rules/registry';\nexport const x = [vscode, RULES];\n"), []);
    assert.deepEqual(await crossings('server/analysis/engine2.ts', "import { RULES } from './rules/registry';\nimport { extractJsFacts } from './js/facts';\nexport const x = [RULES, extractJsFacts];\n"), []);
    assert.deepEqual(await crossings('server/analysis/python/newModule.ts', "import type { BlockingApi } from '../catalogue';\nimport type { SourceFacts } from '../types';\nexport type X = [BlockingApi, SourceFacts];\n"), []);
  });
});
