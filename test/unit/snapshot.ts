// How rule fixtures' findings are written into their reviewed snapshots (both languages): one
// line a finding, in file/position order, with related locations and the quick-fix kind below it.
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
