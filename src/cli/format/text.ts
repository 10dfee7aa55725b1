import * as path from 'node:path';
import type { FileProblem } from '../../../server/analysis/lintFiles';
import type { Finding } from '../../../server/analysis/types';

/** ruff-style lines: `path:line:col: CODE message`, then a summary. */
export function formatText(findings: Finding[], cwd: string, color: boolean, problems: FileProblem[] = []): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const f of findings) {
    const where = `${path.relative(cwd, f.file) || f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}:`;
    out.push(`${paint('1', where)} ${paint(f.severity === 'error' ? '31;1' : '33;1', f.code)} ${f.message}`);
    for (const r of f.related ?? []) {
      out.push(`    ${path.relative(cwd, r.file) || r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
    }
  }
  // Files not analysed at all are named in the summary (their reasons go to stderr).
  const relative = (file: string) => path.relative(cwd, file) || file;
  for (const p of problems) if (!p.notAnalysed) out.push(`${relative(p.file)}: ${p.message}`);
  const files = new Set(findings.map((f) => f.file)).size;
  const found = `Found ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
  const notAnalysed = problems.filter((p) => p.notAnalysed).map((p) => relative(p.file));
  if (notAnalysed.length === 0) out.push(findings.length === 0 ? 'All checks passed.' : `${found}.`);
  else out.push(`${findings.length === 0 ? 'No problems found in the files analysed' : found}; ${notAnalysed.length} file${notAnalysed.length === 1 ? '' : 's'} could not be analysed: ${notAnalysed.join(', ')}.`);
  return out.join('\n') + '\n';
}
