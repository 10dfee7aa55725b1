import * as path from 'node:path';
import type { Finding } from '../../../server/analysis/types';

/** docs/output.md: an array of {file, line, column, endLine, endColumn, code, severity, message}, 1-based. */
export function formatJson(findings: Finding[], cwd: string): string {
  const rows = findings.map((f) => ({
    file: path.relative(cwd, f.file) || f.file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    code: f.code,
    severity: f.severity,
    message: f.message,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
