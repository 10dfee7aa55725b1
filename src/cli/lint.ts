// `boundwise lint [PATH...] [--format text|json|sarif] [--select CODES] [--ignore CODES]`
import * as path from 'node:path';
import { analyzerBuild, FactsCache } from '../../server/analysis/factsCache';
import { lintFiles } from '../../server/analysis/lintFiles';
import { collectFiles, MissingPathError, type CollectedFiles } from '../../server/files/collect';
import { parseArgs, UsageError } from './args';
import { formatJson } from './format/json';
import { printable } from './format/printable';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';

export const LINT_USAGE = `Usage: boundwise lint [PATH...] [options]

Finds blocking calls in async code, CPU loops that never yield, sequential awaits and
misused thread/process pools in Python, JavaScript and TypeScript files.

Options:
  --format text|json|sarif   output format (default: text)
  --select CODES             only these rule codes or prefixes, comma separated (BW101,BW2)
  --ignore CODES             skip these rule codes or prefixes
  --cache-dir DIR            where to keep the facts of unchanged files (default: .boundwise_cache)
  --no-cache                 parse every file, read and write no cache
  -h, --help                 show this help

Exit status:
  0  no findings
  1  findings
  2  usage error, or a file or folder that could not be read (no permission, a FIFO or device,
     a name that is not UTF-8, a path too long) or analysed (its parser refused code nested too
     deeply); every other file is still checked and reported.
     Files skipped on purpose (binary, larger than 5 MB, a syntax error) do not change the status.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;

/** Like ruff's `.ruff_cache`: in the folder `lint` runs from, ignored by git through its own .gitignore. */
const DEFAULT_CACHE_DIR = '.boundwise_cache';

function codeList(value: string | true | undefined, flag: string): string[] | undefined {
  if (value === undefined || value === true) return undefined;
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  const bad = codes.find((c) => !/^BW\d{0,3}$/.test(c));
  if (bad) throw new UsageError(`boundwise lint: ${flag} expects rule codes such as BW101 or prefixes such as BW1, got '${bad}'`);
  return codes;
}

export async function runLintCommand(argv: string[], version: string, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = parseArgs(argv, { format: 'value', select: 'value', ignore: 'value', 'cache-dir': 'value', 'no-cache': 'flag' }, 'boundwise lint');
  if (args.options.has('help')) {
    out.write(LINT_USAGE);
    return 0;
  }
  const format = (args.options.get('format') ?? 'text') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`boundwise lint: --format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  const select = codeList(args.options.get('select'), '--select');
  const ignore = codeList(args.options.get('ignore'), '--ignore');

  let collected: CollectedFiles;
  try {
    collected = collectFiles(args.positionals.length ? args.positionals : ['.']);
  } catch (error) {
    if (error instanceof MissingPathError) throw new UsageError(`boundwise lint: ${error.message}`);
    throw error;
  }

  const cacheDir = args.options.get('cache-dir');
  const cache = args.options.has('no-cache') ? undefined : FactsCache.open(path.resolve(typeof cacheDir === 'string' ? cacheDir : DEFAULT_CACHE_DIR), analyzerBuild(version));
  if (cache?.problem) err.write(`boundwise lint: the cache in ${printable(cache.dir)} was not used (${printable(cache.problem)}); every file is parsed.\n`);
  const linted = await lintFiles(collected.files, { select, ignore }, undefined, { cache });
  const findings = linted.findings;
  const problems = [...collected.problems, ...linted.problems];
  try {
    cache?.save();
  } catch (error) {
    err.write(`boundwise lint: could not write the cache in ${printable(cache?.dir ?? '')} (${printable((error as Error).message)}); the next run parses every file again.\n`);
  }

  const cwd = process.cwd();
  if (format === 'json') out.write(formatJson(findings, cwd));
  else if (format === 'sarif') out.write(formatSarif(findings, cwd, version));
  else out.write(formatText(findings, cwd, !!(out as NodeJS.WriteStream).isTTY && !process.env.NO_COLOR, problems));
  if (format !== 'text') for (const p of problems) err.write(`boundwise lint: ${printable(p.file)}: ${printable(p.message)}\n`);
  if (problems.some((p) => p.unreadable || p.notAnalysed)) return 2;
  return findings.length > 0 ? 1 : 0;
}
