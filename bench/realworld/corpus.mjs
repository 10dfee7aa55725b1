// The real-world corpus as data: the pinned packages (packages.tsv), fetching them (fetch.sh),
// linting each one with the built CLI as a user would in that package's folder, and the reviewed
// verdicts and known misses kept beside them. Used by bench/realworld.mjs (precision per code) and
// bench/realworld/review.mjs (the unreviewed findings with their code, for the next reviewer).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
const require = createRequire(join(repoRoot, 'package.json'));

/** Rows of a tab-separated data file: lines starting with '#' and blank lines are comments. */
function readTsv(file, columns) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line, at: `${file.slice(here.length + 1)}:${i + 1}` }))
    .filter(({ line }) => line.trim() && !line.startsWith('#'))
    .map(({ line, at }) => {
      const cells = line.split('\t');
      if (cells.length < columns.length) throw new Error(`${at}: expected ${columns.length} tab-separated columns (${columns.join(', ')}), got ${cells.length}`);
      return { ...Object.fromEntries(columns.map((c, i) => [c, cells[i].trim()])), at };
    });
}

/** The pinned packages: {source, name, version, paths[], kind, what, id: 'name@version'}. */
export function readPackages() {
  return readTsv(join(here, 'packages.tsv'), ['source', 'name', 'version', 'paths', 'kind', 'what']).map((p) => ({
    ...p,
    paths: p.paths.split(' ').filter(Boolean),
    id: `${p.name}@${p.version}`,
  }));
}

export const VERDICTS = ['true', 'debatable', 'false'];

/** Reviewed findings: {package, file, line, code, verdict, reason}. */
export function readVerdicts() {
  const rows = readTsv(join(here, 'verdicts.tsv'), ['package', 'file', 'line', 'code', 'verdict', 'reason']);
  for (const r of rows) if (!VERDICTS.includes(r.verdict)) throw new Error(`${r.at}: verdict must be one of ${VERDICTS.join(', ')}, got '${r.verdict}'`);
  return rows.map((r) => ({ ...r, line: Number(r.line) }));
}

/** Blocking calls on async paths that a reviewer found and Boundwise should report:
 * {package, file, line, call, code, why}. */
export function readMisses() {
  return readTsv(join(here, 'misses.tsv'), ['package', 'file', 'line', 'call', 'code', 'why']).map((r) => ({ ...r, line: Number(r.line) }));
}

/** The key a finding and its verdict share. */
export const keyOf = (r) => `${r.package}\t${r.file}\t${r.line}\t${r.code}`;

/** Fetches what is missing (fetch.sh is idempotent) and returns the corpus folder. */
export function fetchCorpus() {
  const r = spawnSync('bash', [join(here, 'fetch.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench/realworld/fetch.sh exited with ${r.status}`);
  return r.stdout.trim().split('\n').pop();
}

export function packageRoot(corpus, pkg) {
  return join(corpus, pkg.source, `${pkg.name.replace('/', '+')}@${pkg.version}`);
}

/** The files `boundwise lint` reads for a package and their lines (declaration files apart: they
 * hold no code). Needs `npm run compile` (out/server/files/collect.js). */
export function sizeOf(corpus, pkg) {
  const { collectFiles } = require(join(repoRoot, 'out', 'server', 'files', 'collect.js'));
  const root = packageRoot(corpus, pkg);
  // Dangling links are collected too (lint names them as unreadable): they hold no lines.
  const files = collectFiles(pkg.paths.map((p) => join(root, p))).files.filter((f) => !/\.d\.[cm]?ts$/.test(f) && existsSync(f));
  const lines = files.reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').length, 0);
  return { files: files.length, lines, language: pkg.source === 'deb' ? 'Python' : 'Node' };
}

/** Lints one package with the built CLI (bin/boundwise.js, `npm run build`) from the package's
 * folder, as a user would: paths relative to it, its facts cache in the corpus folder. Returns the
 * findings as {package, file, line, column, code, severity, message} and the CLI's complaints. */
export function lintPackage(corpus, pkg) {
  const root = packageRoot(corpus, pkg);
  const cacheDir = join(corpus, '.lint-cache', `${pkg.source}-${pkg.name.replace('/', '+')}@${pkg.version}`);
  mkdirSync(cacheDir, { recursive: true });
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'boundwise.js'), 'lint', '--format', 'json', '--cache-dir', cacheDir, ...pkg.paths], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  // 2: some input could not be read (a package's dangling links): the rest is linted and the
  // complaints on stderr are listed by the bench.
  if (r.status !== 0 && r.status !== 1 && r.status !== 2) throw new Error(`boundwise lint in ${pkg.id} exited with ${r.status}: ${r.stderr}`);
  const findings = JSON.parse(r.stdout).map((f) => ({ package: pkg.id, ...f }));
  return { findings, complaints: r.stderr.split('\n').filter(Boolean) };
}

/** The last bench run's findings, kept in the corpus folder for review.mjs. */
export function saveFindings(corpus, findings) {
  writeFileSync(join(corpus, 'findings.json'), JSON.stringify(findings));
}

export function savedFindings(corpus) {
  const file = join(corpus, 'findings.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
