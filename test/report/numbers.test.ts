// Numbers that agree: every surface of a report (the webview/HTML card and tables, the CLI summary,
// the status bar, the verdict's own sentences in the JSON) states the same figures, built from real
// recorded runs (test/fixtures/profiles) replayed through the measurement and the classifier.
import * as assert from 'node:assert/strict';
import { formatSummary } from '../../src/cli/profile';
import { classifyUtilization } from '../../src/profile/classify';
import { buildReport, measurementOf } from '../../src/profile/engine';
import type { ProfileReport } from '../../src/profile/report';
import { formatUtilisation } from '../../src/profile/utilisation';
import { statusText } from '../../src/extension/profile/text';
import { renderReportBody } from '../../src/report';
import { readRecording, recordedRuns } from '../profile/recordings';

/** The words a reader sees in the rendered markup: tags dropped, entities of the figures decoded. */
export function visibleText(markup: string): string {
  return markup.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

/** What each surface says, by name. */
function surfaces(r: ProfileReport): Record<string, string> {
  return {
    card: visibleText(renderReportBody(r, { target: 'standalone' })),
    cli: formatSummary(r),
    'status bar': statusText(r).tooltip,
    'JSON detail': r.recommendation.detail,
  };
}

const runs = recordedRuns().map((c) => {
  const rec = readRecording(c.file);
  return { name: c.name, rec, report: buildReport(measurementOf(rec), rec.run) };
});

describe('report numbers: one utilisation figure on every surface', () => {
  for (const { name, report } of runs) {
    it(`${name}: the figure the class was decided on, in one format, on the card, the CLI, the status bar and the detail`, () => {
      const figure = formatUtilisation(report.timings.utilization);
      if (report.classification !== 'failed') {
        assert.equal(classifyUtilization(report.timings.utilization), report.classification, `the class ${report.classification} rests on ${figure}`);
      }
      for (const [surface, text] of Object.entries(surfaces(report))) {
        const stated = [...text.matchAll(/utilisation:? (\S+)/gi)].map((m) => m[1].replace(/[.,;)]+$/, '')).filter((w) => /\d/.test(w));
        if (surface !== 'JSON detail' || report.classification !== 'failed') assert.ok(stated.length > 0, `${surface} states the utilisation`);
        for (const said of stated) assert.equal(said, figure, `${surface}: "utilisation ${said}" where the class rests on ${figure}`);
      }
    });
  }

  const busy = runs.filter(({ rec }) => rec.run && (measurementOf(rec).process.runQueueMs >= 0.2 * measurementOf(rec).process.wallMs));
  it('there are recordings made on a busy machine (waits for a free CPU)', () => {
    assert.ok(busy.length >= 3, `${busy.length} busy recordings`);
  });
  for (const { name, report } of busy) {
    it(`${name}: the busy machine's correction is explained once per surface`, () => {
      for (const [surface, text] of Object.entries(surfaces(report))) {
        if (surface === 'status bar') continue;
        const n = text.split('waiting for a free CPU').length - 1;
        assert.ok(n <= 1, `${surface} explains the correction ${n} times`);
      }
    });
  }
});
