// `boundwise lint [PATH...] [--output-format full|concise|json|sarif|github] [--statistics] [--fix]
// [--select CODES] [--ignore CODES]`
import * as path from 'node:path';
import { analyzerBuild, FactsCache } from '../../server/analysis/factsCache';
import { lintFiles } from '../../server/analysis/lintFiles';
import { MissingPathError } from '../../server/files/collect';
import { collectLintTargets, PROJECT_WALK_LIMIT, type LintTargets } from '../../server/files/project';
import { parseArgs, UsageError } from './args';
import { useColour } from './colour';
import { applyFixes } from './fix';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { printable } from './format/printable';
import { formatSarif } from './format/sarif';
import { formatProjectCutShort, formatSkippedByDefault } from './format/skipped';
import { formatStatistics } from './format/statistics';
import { formatText } from './format/text';

/** Fixes that collide in one file are applied in later passes; ruff stops after 100. */
const MAX_FIX_PASSES = 100;

export const LINT_USAGE = `Usage: boundwise lint [PATH...] [options]

Finds blocking calls in async code, CPU loops that never yield, sequential awaits and
misused thread/process pools in Python, JavaScript and TypeScript files.
Folders are linted as one workspace, walked skipping what .gitignore, the project's exclude /
extend-exclude and the default list (node_modules, virtualenvs, dist, build, out, ...) name; the
summary says which folders were skipped by default. A file named on its own is read unless
force-exclude is set, and checked in its project (the nearest folder upward holding
pyproject.toml, setup.cfg, package.json or .git, but not your home folder by .git alone; the
workspace's top folder for a package of an npm/yarn/pnpm/lerna workspace): calls into the
project's other files are followed; only the named files are reported.

Options:
  --output-format FORMAT     full (default): a line per finding and the call chain below it;
                             concise: a line per finding; json; sarif; github (annotations
                             for GitHub Actions). --format is the same option; text = full.
  --statistics               print how many findings of each rule instead of the findings
  --fix                      apply the safe fixes (the same rewrites as the editor's quick
                             fixes), then report what is left
  --unsafe-fixes             with --fix, also apply the fixes that change when or where code
                             runs (threads, gather, yielding); review the diff
  --select CODES             only these rule codes or prefixes, comma separated (BW101,BW2)
  --ignore CODES             skip these rule codes or prefixes
  --cache-dir DIR            where to keep the facts of unchanged files (default: .boundwise_cache)
  --no-cache                 parse every file, read and write no cache
  --max-project-files N      for files named on their own, list at most about N files of their
                             project (default ${PROJECT_WALK_LIMIT.maxFiles}; 0: no limit)
  --max-project-seconds S    ... and list them for at most S seconds (default ${PROJECT_WALK_LIMIT.maxMs / 1000}; 0: no limit)
  -h, --help                 show this help

Exit status:
  0  no findings (left after --fix)
  1  findings
  2  usage error, or a file or folder that could not be read (no permission, a FIFO or device,
     a name that is not UTF-8, a path too long) or analysed (its parser refused code nested too
     deeply); every other file is still checked and reported.
     Files skipped on purpose (binary, larger than 5 MB, a syntax error) do not change the status.
`;

const FORMATS = ['full', 'concise', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];
/** Earlier names of the formats. */
const ALIASES: Record<string, Format> = { text: 'full' };

/** Like ruff's `.ruff_cache`: in the folder `lint` runs from, ignored by git through its own .gitignore. */
const DEFAULT_CACHE_DIR = '.boundwise_cache';

/** A limit of the project walk: a number, 0 for none. */
function limitValue(value: string | true | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`boundwise lint: ${flag} needs a number (0: no limit), got '${value}'`);
  return n;
}

function codeList(value: string | true | undefined, flag: string): string[] | undefined {
  if (value === undefined || value === true) return undefined;
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  const bad = codes.find((c) => !/^BW\d{0,3}$/.test(c));
  if (bad) throw new UsageError(`boundwise lint: ${flag} expects rule codes such as BW101 or prefixes such as BW1, got '${bad}'`);
  return codes;
}

export async function runLintCommand(argv: string[], version: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = parseArgs(
    argv,
    { format: 'value', 'output-format': 'value', statistics: 'flag', fix: 'flag', 'unsafe-fixes': 'flag', select: 'value', ignore: 'value', 'cache-dir': 'value', 'no-cache': 'flag', 'max-project-files': 'value', 'max-project-seconds': 'value' },
    'boundwise lint',
  );
  if (args.options.has('help')) {
    out.write(LINT_USAGE);
    return 0;
  }
  const given = (args.options.get('output-format') ?? args.options.get('format') ?? 'full') as string;
  const format = ALIASES[given] ?? given;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`boundwise lint: --output-format must be one of ${FORMATS.join(', ')} (or text), got '${given}'`);
  if (args.options.has('unsafe-fixes') && !args.options.has('fix')) throw new UsageError('boundwise lint: --unsafe-fixes goes with --fix');
  const select = codeList(args.options.get('select'), '--select');
  const ignore = codeList(args.options.get('ignore'), '--ignore');
  const limit = {
    maxFiles: limitValue(args.options.get('max-project-files'), '--max-project-files', PROJECT_WALK_LIMIT.maxFiles),
    maxMs: limitValue(args.options.get('max-project-seconds'), '--max-project-seconds', PROJECT_WALK_LIMIT.maxMs / 1000) * 1000,
  };

  let collected: LintTargets;
  try {
    collected = collectLintTargets(args.positionals.length ? args.positionals : ['.'], limit);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(`boundwise lint: ${error.message}`);
    throw error;
  }

  const cacheDir = args.options.get('cache-dir');
  const cache = args.options.has('no-cache') ? undefined : FactsCache.open(path.resolve(typeof cacheDir === 'string' ? cacheDir : DEFAULT_CACHE_DIR), analyzerBuild(version));
  if (cache?.problem) err.write(`boundwise lint: the cache in ${printable(cache.dir)} was not used (${printable(cache.problem)}); every file is parsed.\n`);
  const lint = async () => {
    // A file named on its own is checked in its project: imports resolve from the project's top
    // folder too, as when that folder is linted from there.
    const roots = [...new Set([process.cwd(), ...collected.projectRoots])];
    const linted = await lintFiles(collected.files, { select, ignore }, roots, { cache, context: collected.context });
    return { findings: linted.findings, problems: [...collected.problems, ...linted.problems] };
  };
  let { findings, problems } = await lint();
  let fixed = 0;
  if (args.options.has('fix')) {
    // Fixes that collide in a file wait for the next pass, made on the fixed text.
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const n = applyFixes(findings, args.options.has('unsafe-fixes'));
      if (n === 0) break;
      fixed += n;
      ({ findings, problems } = await lint());
    }
  }
  try {
    cache?.save();
  } catch (error) {
    err.write(`boundwise lint: could not write the cache in ${printable(cache?.dir ?? '')} (${printable((error as Error).message)}); the next run parses every file again.\n`);
  }

  const cwd = process.cwd();
  const color = useColour(out);
  // The text formats list the files not checked with the findings; every other output, on stderr.
  const asText = (format === 'full' || format === 'concise') && !args.options.has('statistics');
  if (args.options.has('statistics')) out.write(formatStatistics(findings, format === 'json'));
  else if (format === 'json') out.write(formatJson(findings, cwd));
  else if (format === 'sarif') out.write(formatSarif(findings, cwd, version));
  else if (format === 'github') out.write(formatGithub(findings, cwd));
  else out.write(formatText(findings, cwd, color, problems, format === 'full'));
  if (!asText) for (const p of problems) err.write(`boundwise lint: ${printable(p.file)}: ${printable(p.message)}\n`);
  for (const note of [formatSkippedByDefault(collected.skippedByDefault, cwd), ...(collected.cutShort ?? []).map((cut) => formatProjectCutShort(cut, cwd))]) {
    if (note) (asText ? out : err).write(asText ? `${note}\n` : `boundwise lint: ${note}\n`);
  }
  if (args.options.has('fix')) (format === 'full' || format === 'concise' ? out : err).write(`Fixed ${fixed} problem${fixed === 1 ? '' : 's'}; ${findings.length} left.\n`);
  if (problems.some((p) => p.unreadable || p.notAnalysed)) return 2;
  return findings.length > 0 ? 1 : 0;
}
