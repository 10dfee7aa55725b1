import * as path from 'node:path';
import type { FileProblem } from '../../../server/files/readLimited';
import type { Finding, Severity } from '../../../server/analysis/types';
import { printable } from './printable';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The last line: what was found, and how many files were not checked (listed above it). */
function summary(findings: Finding[], problems: FileProblem[]): string {
  const unreadable = problems.filter((p) => p.unreadable).length;
  const notAnalysed = problems.filter((p) => p.notAnalysed).length;
  const skipped = problems.length - unreadable - notAnalysed;
  const notChecked = [
    ...(unreadable ? [`${plural(unreadable, 'file or folder', 'files or folders')} could not be read`] : []),
    ...(notAnalysed ? [`${plural(notAnalysed, 'file')} could not be analysed`] : []),
    ...(skipped ? [`${plural(skipped, 'file')} ${skipped === 1 ? 'was' : 'were'} skipped`] : []),
  ].join(' and ');
  if (findings.length === 0) return notChecked ? `No problems found in the files checked; ${notChecked} (listed above).` : 'All checks passed.';
  const files = new Set(findings.map((f) => f.file)).size;
  const found = `Found ${plural(findings.length, 'problem')} in ${plural(files, 'file')}`;
  return notChecked ? `${found}; ${notChecked} (listed above).` : `${found}.`;
}

const SEVERITY_COLOUR: Record<Severity, string> = { error: '31;1', warning: '33;1', information: '36', hint: '2' };

/** ruff-style lines: `path:line:col: CODE [severity] message`; `full` adds each finding's related
 * locations (the chain of a BW110) below it; then what was not checked, then a summary.
 * Paths and messages come from the workspace: every control character is shown escaped. */
export function formatText(findings: Finding[], cwd: string, color: boolean, problems: FileProblem[] = [], full = true): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const shown = (file: string) => printable(path.relative(cwd, file) || file);
  const out: string[] = [];
  for (const f of findings) {
    const where = `${shown(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1}:`;
    out.push(`${paint('1', where)} ${paint(SEVERITY_COLOUR[f.severity], f.code)} ${paint(SEVERITY_COLOUR[f.severity], `[${f.severity}]`)} ${printable(f.message)}`);
    if (!full) continue;
    for (const r of f.related ?? []) {
      out.push(`    ${shown(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${printable(r.message)}`);
    }
  }
  for (const p of problems) out.push(`${shown(p.file)}: ${printable(p.message)}`);
  out.push(summary(findings, problems));
  return out.join('\n') + '\n';
}
