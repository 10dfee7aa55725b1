// How rule fixtures' findings are written into their reviewed snapshots (both languages): one
// line a finding, in file/position order, then the source line it points at with the range
// underlined (as ruff's and insta's snapshots show it), related locations and the quick-fix kind;
// how a fixture's `positive`/`negative` labels are checked against its findings; and which
// fixtures a run covers (`BOUNDWISE_RULES`, set by `npm run test:rule -- BW103`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/analysis/types';

/** The finding's first source line, numbered, with its range underlined by carets (to the end of
 * the line when the range goes on). Tabs stay tabs in the underline so the carets line up. */
function sourceExcerpt(f: Finding, lines: string[]): string {
  const { start, end } = f.range;
  const text = lines[start.line] ?? '';
  const stop = end.line === start.line ? end.character : text.length;
  const pad = text.slice(0, start.character).replace(/[^\t]/g, ' ');
  const gutter = ' '.repeat(String(start.line + 1).length);
  return `\n    ${start.line + 1} | ${text}\n    ${gutter} | ${pad}${'^'.repeat(Math.max(1, stop - start.character))}`.replace(/ +$/gm, '');
}

export function renderFindingsSnapshot(findings: Finding[], base: string): string {
  const rel = (f: string) => path.relative(base, f).split(path.sep).join('/');
  const sources = new Map<string, string[]>();
  const linesOf = (file: string) => sources.get(file) ?? sources.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/)).get(file)!;
  const sorted = [...findings].sort(
    (a, b) => rel(a.file).localeCompare(rel(b.file)) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code),
  );
  return (
    sorted
      .map((f) => {
        const head = `${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.severity} ${f.message}`;
        const source = sourceExcerpt(f, linesOf(f.file));
        const related = (f.related ?? []).map((r) => `\n    -> ${rel(r.file)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`).join('');
        const fix = f.data?.fix ? `\n    fix: ${f.data.fix}` : '';
        return head + source + related + fix;
      })
      .join('\n') + '\n'
  );
}

/** The files among `files` with `positive`/`negative` labels (after `#` or `//`). */
export function labelledFiles(files: string[]): string[] {
  return files.filter((file) => /(#|\/\/)\s*(positive|negative)\b/.test(fs.readFileSync(file, 'utf8')));
}

/** Where fixture files' labels and their findings disagree: a line marked `positive` (after `#`
 * or `//`) without a finding, or a finding on a line not marked so. Paths are relative to `base`. */
export function labelMismatches(findings: Finding[], files: string[], base: string): { missed: string[]; unmarked: string[] } {
  const found = new Set(findings.filter((f) => files.includes(f.file)).map((f) => `${f.file}:${f.range.start.line + 1}`));
  const positives = new Set<string>();
  for (const file of files) fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => /(#|\/\/)\s*positive\b/.test(line) && positives.add(`${file}:${i + 1}`));
  const rel = (k: string) => path.relative(base, k);
  return { missed: [...positives].filter((k) => !found.has(k)).map(rel), unmarked: [...found].filter((k) => !positives.has(k)).map(rel) };
}

/** The codes `BOUNDWISE_RULES` names (`BW103`, `BW103,BW110`), none when unset: then every fixture runs. */
export function selectedRules(): string[] {
  return (process.env.BOUNDWISE_RULES ?? '').split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
}

/** The fixture cases a run covers: all, or those whose name starts with a selected code
 * (`BW103.py`, `bw103.mjs`, `BW201_imported`, `bw110/`). */
export function casesOfSelectedRules<T extends { name: string }>(cases: T[]): T[] {
  const codes = selectedRules();
  return codes.length ? cases.filter((c) => codes.some((code) => c.name.toUpperCase().startsWith(code))) : cases;
}
