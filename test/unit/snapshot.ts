// How rule fixtures' findings are written into their reviewed snapshots (both languages): one
// line a finding, in file/position order, then the source line it points at with the range
// underlined (as ruff's and insta's snapshots show it), related locations and the quick-fix kind;
// how a fixture's `positive`/`negative` labels are checked against its findings; and which
// fixtures a run covers (`BOUNDWISE_RULES`, set by `npm run test:rule -- BW103`).
import * as assert from 'node:assert/strict';
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
 * or `//`) that carries no finding (nor, with `relatedCounts`, a finding's related location: a use
 * of an object after its flagged constructor), a finding on a line not marked so, and a line marked
 * `negative` that a finding's related information points at. Only findings and related locations in
 * `files` count. Paths are relative to `base`. */
export function labelMismatches(findings: Finding[], files: string[], base: string, relatedCounts = false): { missed: string[]; unmarked: string[] } {
  const key = (file: string, line: number) => `${path.resolve(file)}:${line}`;
  const inFiles = new Set(files.map((f) => path.resolve(f)));
  const labels = new Map<string, 'positive' | 'negative'>();
  for (const file of files) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /(?:#|\/\/)\s*(positive|negative)\b/.exec(line);
        if (m) labels.set(key(file, i + 1), m[1] as 'positive' | 'negative');
      });
  }
  const found = new Set(findings.filter((f) => inFiles.has(path.resolve(f.file))).map((f) => key(f.file, f.range.start.line + 1)));
  const related = new Set(
    relatedCounts ? findings.flatMap((f) => (f.related ?? []).filter((r) => inFiles.has(path.resolve(r.file))).map((r) => key(r.file, r.range.start.line + 1))) : [],
  );
  const rel = (k: string) => path.relative(base, k);
  return {
    missed: [...labels].filter(([k, label]) => label === 'positive' && !found.has(k) && !related.has(k)).map(([k]) => rel(k)),
    unmarked: [...found, ...[...related].filter((k) => labels.get(k) === 'negative')].filter((k) => labels.get(k) !== 'positive').map(rel),
  };
}

/** Compares a rendered snapshot with the reviewed one; writes it when asked (UPDATE_SNAPSHOTS=1)
 * or when it is missing outside CI, so the change can be reviewed in the diff. */
export function assertMatchesSnapshot(actual: string, snapshot: string): void {
  if (process.env.UPDATE_SNAPSHOTS || (!fs.existsSync(snapshot) && !process.env.CI)) {
    fs.mkdirSync(path.dirname(snapshot), { recursive: true });
    fs.writeFileSync(snapshot, actual);
  }
  assert.ok(fs.existsSync(snapshot), `no snapshot ${path.basename(snapshot)}: run with UPDATE_SNAPSHOTS=1 and review it`);
  assert.equal(actual, fs.readFileSync(snapshot, 'utf8'));
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
