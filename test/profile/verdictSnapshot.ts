// How a replayed profile's verdict is written into its reviewed snapshot: what the user is told
// (class, recommendation, title, predicted gain and its assumption, the reasons), one field a line,
// the reasons wrapped so a change to one sentence is a one-line diff.
import type { ProfileReport } from '../../src/profile/report';
import type { Recording } from '../../src/profile/recording';

function wrap(text: string, width = 100, indent = '  '): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

export function renderVerdictSnapshot(report: ProfileReport, rec: Recording): string {
  const p = report.prediction;
  const lines = [
    `run             ${rec.language} ${[rec.script, ...rec.args].join(' ')}`,
    `                exit ${rec.run.exitCode ?? rec.run.signal}${rec.run.timedOut ? ', timed out' : ''}, ${(rec.run.wallMs / 1000).toFixed(2)} s wall, ${rec.cores} cores`,
    `class           ${report.classification} (utilisation ${report.timings.utilization.toFixed(2)})`,
    `recommendation  ${report.recommendation.id}: ${report.recommendation.title}`,
    `prediction      ${p.speedup.toFixed(2)}x`,
    ...wrap(p.assumption),
    'reasons',
    ...wrap(report.recommendation.detail),
  ];
  return `${lines.join('\n')}\n`;
}
