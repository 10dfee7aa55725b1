import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lintFiles } from '../../server/analysis/lintFiles';
import { formatScore, readLabels, scoreCorpus } from './score';
import { EXTRA_CORPUS, NO_EXTRA_CORPUS, sourceFilesUnder } from '../files';

/** Our own labeled cases. */
const OWN = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'corpus');

for (const [name, root] of [['external corpus', EXTRA_CORPUS], ['own corpus', OWN]] as const) {
  describe(`${name}: every labeled line and nothing else`, () => {
    if (!root) {
      it(`skipped: ${NO_EXTRA_CORPUS}`, function () {
        this.skip();
      });
      return;
    }
    for (const language of ['python', 'js'] as const) {
      const dir = path.join(root, language);
      const files = sourceFilesUnder(dir);
      if (files.length === 0) continue;
      it(`${language}: no missed expect: line, no finding outside expect:/allow: lines`, async () => {
        const { findings } = await lintFiles(files);
        const score = scoreCorpus(readLabels(files), findings);
        console.log(formatScore(score).replace(/^/gm, '      '));
        const missed = score.missed.map((m) => `${path.basename(m.file)}:${m.line} ${m.family}`);
        const unexpected = score.unexpected.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.code} ${f.message}`);
        assert.deepEqual({ missed, unexpected }, { missed: [], unexpected: [] });
      });
    }
  });
}
