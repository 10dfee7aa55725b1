// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff
// (`::warning file=app.py,line=4,col=5,...::message`), like ruff's `--output-format github`.
import * as path from 'node:path';
import type { Finding, Severity } from '../../../server/analysis/types';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

// The runner reads `%`, CR and LF as escapes in the message, and also `:` and `,` in properties.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(findings: Finding[], cwd: string): string {
  return findings
    .map((f) => {
      const file = (path.relative(cwd, f.file) || f.file).split(path.sep).join('/');
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${f.range.start.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `endColumn=${f.range.end.character + 1}`,
        `title=${escapeProperty(`boundwise (${f.code})`)}`,
      ];
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.code} ${f.message}`)}\n`;
    })
    .join('');
}
