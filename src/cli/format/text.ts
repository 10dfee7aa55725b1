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
  for (const p of problems) out.push(`${path.relative(cwd, p.file) || p.file}: ${p.message}`);
  const files = new Set(findings.map((f) => f.file)).size;
  out.push(findings.length === 0 ? 'All checks passed.' : `Found ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
