// Suppression comments (docs/configuration.md): `# boundwise: ignore[BW101]` in Python and
// `// boundwise-ignore-next-line BW101` in JS/TS, on the finding's line or the line above.
// Without codes they silence every rule. Each language says how its comment is written
// (SuppressionSyntax, in its folder); this file reads any of them.
import type { Finding } from './types';

/** How a language writes a suppression comment. */
export interface SuppressionSyntax {
  /** Text every such comment contains (a cheap test before the pattern). */
  marker: string;
  /** The comment; group 1 holds the codes it names, if any. */
  pattern: RegExp;
}

/** Zero-based line -> codes silenced by a comment on that line (empty set: all codes). */
export function parseSuppressions(text: string, { marker, pattern }: SuppressionSyntax): Map<number, Set<string>> {
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
