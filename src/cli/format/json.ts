import * as path from 'node:path';
import type { Finding } from '../../../server/analysis/types';

/** docs/output.md: an array of {file, line, column, endLine, endColumn, code, severity, message, related},
 * 1-based; `related` lists {file, line, column, message}: a BW110 chain down to the blocking
 * call, the blocking uses of an object a flagged call made (empty when there is none). */
export function formatJson(findings: Finding[], cwd: string): string {
  const relative = (file: string) => path.relative(cwd, file) || file;
  const rows = findings.map((f) => ({
    file: relative(f.file),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    code: f.code,
    severity: f.severity,
    message: f.message,
    related: (f.related ?? []).map((r) => ({ file: relative(r.file), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
