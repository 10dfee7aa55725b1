// Scores the analyzer against a labeled corpus (test/fixtures/corpus, CONTRIBUTING.md):
// a line ending in `expect: FAMILY` must carry a finding of that family, `allow: FAMILY` may,
// and every other line must carry none. Returns per-family precision and recall.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Family, Finding } from '../../server/analysis/types';

export interface LabeledLine {
  file: string;
  line: number; // 1-based
  family: Family;
  kind: 'expect' | 'allow';
}

export interface CorpusScore {
  missed: LabeledLine[];
  unexpected: Finding[];
  perFamily: Map<Family, { truePositives: number; falsePositives: number; falseNegatives: number }>;
}

const LABEL = /(?:#|\/\/)\s*(expect|allow):\s*(BLOCKING|CPU-LOOP|SEQ-AWAIT|THREAD-CPU|PROC-IO)\s*$/;

export function readLabels(files: string[]): LabeledLine[] {
  const labels: LabeledLine[] = [];
  for (const file of files) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      const m = LABEL.exec(text);
      if (m) labels.push({ file, line: i + 1, kind: m[1] as 'expect' | 'allow', family: m[2] as Family });
    });
  }
  return labels;
}

export function scoreCorpus(labels: LabeledLine[], findings: Finding[]): CorpusScore {
  const key = (file: string, line: number, family: string) => `${path.resolve(file)}:${line}:${family}`;
  const labelled = new Map(labels.map((l) => [key(l.file, l.line, l.family), l]));
  const found = new Set(findings.map((f) => key(f.file, f.range.start.line + 1, f.family)));
  const perFamily: CorpusScore['perFamily'] = new Map();
  const bucket = (family: Family) => {
    let b = perFamily.get(family);
    if (!b) perFamily.set(family, (b = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    return b;
  };
  const unexpected: Finding[] = [];
  for (const f of findings) {
    const label = labelled.get(key(f.file, f.range.start.line + 1, f.family));
    if (label) bucket(f.family).truePositives += label.kind === 'expect' ? 1 : 0;
    else {
      bucket(f.family).falsePositives++;
      unexpected.push(f);
    }
  }
  const missed = labels.filter((l) => l.kind === 'expect' && !found.has(key(l.file, l.line, l.family)));
  for (const m of missed) bucket(m.family).falseNegatives++;
  return { missed, unexpected, perFamily };
}

export function formatScore(score: CorpusScore): string {
  const rows = [...score.perFamily].map(([family, b]) => {
    const precision = b.truePositives + b.falsePositives ? b.truePositives / (b.truePositives + b.falsePositives) : 1;
    const recall = b.truePositives + b.falseNegatives ? b.truePositives / (b.truePositives + b.falseNegatives) : 1;
    return `${family.padEnd(10)} precision ${(precision * 100).toFixed(0)}%  recall ${(recall * 100).toFixed(0)}%  (tp ${b.truePositives}, fp ${b.falsePositives}, fn ${b.falseNegatives})`;
  });
  return rows.join('\n');
}
