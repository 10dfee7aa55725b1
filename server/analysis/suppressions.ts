// Suppression comments (docs/configuration.md): `# boundwise: ignore[BW101]` in Python and
// `// boundwise-ignore-next-line BW101` in JS/TS, on the finding's line or the line above.
// Without codes they silence every rule.
import type { Finding } from './types';

const PYTHON = /#\s*boundwise:\s*ignore(?:\[([^\]]*)\])?/;
const JAVASCRIPT = /\/[/*]\s*boundwise-ignore(?:-next-line|-line)?\b([^\n*]*)/;

/** Zero-based line -> codes silenced by a comment on that line (empty set: all codes). */
export function parseSuppressions(text: string, language: 'python' | 'javascript'): Map<number, Set<string>> {
  const pattern = language === 'python' ? PYTHON : JAVASCRIPT;
  const marker = language === 'python' ? 'boundwise:' : 'boundwise-ignore';
  const result = new Map<number, Set<string>>();
  if (!text.includes(marker)) return result;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes(marker)) continue;
    const match = pattern.exec(lines[i]);
    if (!match) continue;
    result.set(i, new Set(match[1]?.match(/BW\d{3}/g) ?? []));
  }
  return result;
}

/** True when a comment on the finding's first line, or the line above it, silences its code. */
export function isSuppressed(finding: Finding, suppressions: Map<number, Set<string>>): boolean {
  for (const line of [finding.range.start.line, finding.range.start.line - 1]) {
    const codes = suppressions.get(line);
    if (codes && (codes.size === 0 || codes.has(finding.code))) return true;
  }
  return false;
}
