// How a replayed profile's verdict is written into its reviewed snapshot: what the user is told
// (class, recommendation, title, caveats, predicted gain with its range, assumption and what it
// could not measure, the reasons), one field a line, wrapped so a change to one sentence is a
// one-line diff.
import type { ProfileReport } from '../../src/profile/report';
import type { Recording } from '../../src/profile/recording';
import { wrapLines } from '../../src/cli/profile';
import { utilisationPhrase } from '../../src/profile/utilisation';

const wrap = (text: string) => wrapLines(text, 100, '  ');

export function renderVerdictSnapshot(report: ProfileReport, rec: Recording): string {
  const p = report.prediction;
  const lines = [
    `run             ${rec.language} ${[rec.script, ...rec.args].join(' ')}`,
    `                exit ${rec.run.exitCode ?? rec.run.signal}${rec.run.timedOut ? ', timed out' : ''}, ${(rec.run.wallMs / 1000).toFixed(2)} s wall, ${rec.cores} cores`,
    `class           ${report.classification} (${utilisationPhrase(report.timings.utilization)})`,
    `recommendation  ${report.recommendation.id}: ${report.recommendation.title}`,
    ...(report.caveats ?? []).map((c) => wrap(`! ${c}`).join('\n')),
    `prediction      ${p.unknown ? 'unknown' : `${p.speedup.toFixed(2)}x`}${p.range ? ` (range ${p.range[0].toFixed(2)}x to ${p.range[1].toFixed(2)}x)` : ''}`,
    ...wrap(p.assumption),
    ...(p.unmeasured ? wrap(`not measured: ${p.unmeasured}`) : []),
    'reasons',
    ...wrap(report.recommendation.detail),
  ];
  return `${lines.join('\n')}\n`;
}
