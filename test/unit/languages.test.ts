// One seam per language (server/analysis/languages.ts): every language id and extension leads to
// one LanguageSupport, and no code outside a language's own folder asks which language it has.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOfFile, sourceExtensions } from '../../server/analysis/engine';
import { EDITOR_LANGUAGE_IDS, LANGUAGES, languageSupport } from '../../server/analysis/languages';

const SERVER = path.resolve(__dirname, '..', '..', '..', 'server');

/** The TypeScript files under `dir`, recursively. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('the language table', () => {
  it('leads every extension, language id and editor language id to the support that lists it', () => {
    for (const extension of sourceExtensions()) {
      const language = languageOfFile(`a${extension}`)!;
      assert.equal(languageSupport(language).extensions[extension], language, extension);
    }
    assert.deepEqual(sourceExtensions().sort(), ['.cjs', '.cts', '.js', '.jsx', '.mjs', '.mts', '.py', '.pyi', '.ts', '.tsx']);
    for (const [id, { language, extension }] of EDITOR_LANGUAGE_IDS) assert.equal(languageOfFile(`a${extension}`), language, id);
    assert.equal(LANGUAGES.flatMap((l) => l.ids).length, new Set(LANGUAGES.flatMap((l) => l.ids)).size, 'one support per language id');
  });

  it('is the only place that tells languages apart: no language id compared outside the front ends', () => {
    const frontEnds = [path.join(SERVER, 'analysis', 'python'), path.join(SERVER, 'analysis', 'js')];
    const compared = /\blanguage\s*[!=]==?\s*'|'(python|javascript|typescript)'\s*[!=]==?|[!=]==?\s*'(python|javascript|typescript)'/;
    const branches = sources(SERVER)
      .filter((file) => !frontEnds.some((dir) => file.startsWith(dir + path.sep)))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (compared.test(line) ? [`${path.relative(SERVER, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    assert.deepEqual(branches, [], 'a language difference is a LanguageSupport field (server/analysis/languages.ts)');
  });
});
