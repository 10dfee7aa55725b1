// How rule fixtures' findings are written into their reviewed snapshots (both languages): one
// line a finding, in file/position order, with related locations and the quick-fix kind below it;
// and how a fixture's `positive`/`negative` labels are checked against its findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/analysis/types';

export function renderFindingsSnapshot(findings: Finding[], base: string): string {
  const rel = (f: string) => path.relative(base, f).split(path.sep).join('/');
  const sorted = [...findings].sort(
    (a, b) => rel(a.file).localeCompare(rel(b.file)) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
  return (
    sorted
      .map((f) => {
        const head = `${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.severity} ${f.message}`;
        const related = (f.related ?? []).map((r) => `\n    -> ${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`).join('');
        const fix = f.data?.fix ? `\n    fix: ${f.data.fix}` : '';
        return head + related + fix;
      })
      .join('\n') + '\n'
  );
}

/** The files among `files` with `positive`/`negative` labels (after `#` or `//`). */
export function labelledFiles(files: string[]): string[] {
  return files.filter((file) => /(#|\/\/)\s*(positive|negative)\b/.test(fs.readFileSync(file, 'utf8')));
}

/** Where fixture files' labels and their findings disagree: a line marked `positive` (after `#`
 * or `//`) without a finding, or a finding on a line not marked so. Paths are relative to `base`. */
export function labelMismatches(findings: Finding[], files: string[], base: string): { missed: string[]; unmarked: string[] } {
  const found = new Set(findings.filter((f) => files.includes(f.file)).map((f) => `${f.file}:${f.range.start.line + 1}`));
  const positives = new Set<string>();
  for (const file of files) fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => /(#|\/\/)\s*positive\b/.test(line) && positives.add(`${file}:${i + 1}`));
  const rel = (k: string) => path.relative(base, k);
  return { missed: [...positives].filter((k) => !found.has(k)).map(rel), unmarked: [...found].filter((k) => !positives.has(k)).map(rel) };
}
