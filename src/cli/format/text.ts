import * as path from 'node:path';
import type { FileProblem } from '../../../server/analysis/lintFiles';
import type { Finding, Severity } from '../../../server/analysis/types';

const SEVERITY_COLOUR: Record<Severity, string> = { error: '31;1', warning: '33;1', information: '36', hint: '2' };

/** ruff-style lines: `path:line:col: CODE [severity] message`; `full` adds each finding's related
 * locations (the chain of a BW110) below it; then problems and a summary. */
export function formatText(findings: Finding[], cwd: string, color: boolean, problems: FileProblem[] = [], full = true): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const f of findings) {
    const where = `${path.relative(cwd, f.file) || f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}:`;
    out.push(`${paint('1', where)} ${paint(SEVERITY_COLOUR[f.severity], f.code)} ${paint(SEVERITY_COLOUR[f.severity], `[${f.severity}]`)} ${f.message}`);
    if (!full) continue;
    for (const r of f.related ?? []) {
      out.push(`    ${path.relative(cwd, r.file) || r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
    }
  }
  for (const p of problems) out.push(`${path.relative(cwd, p.file) || p.file}: ${p.message}`);
  const files = new Set(findings.map((f) => f.file)).size;
  out.push(findings.length === 0 ? 'All checks passed.' : `Found ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
