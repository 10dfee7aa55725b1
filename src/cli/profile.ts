// `boundwise profile SCRIPT [--json FILE] [--html FILE] [--cpuprofile FILE] [--hz N] [--timeout S]
// [--python PATH] [-- ARGS...]`: run, classify, print a summary, write the requested files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, UsageError } from './args';
import { profileScript, ProfileCancelledError, ProfileInputError, InterpreterError, type ProfileResult } from '../profile/engine';
import type { ProfileReport } from '../profile/report';
import { renderReportHtml } from '../report/html';

const USAGE = `Usage: boundwise profile SCRIPT [options] [-- ARGS...]

Runs a Python or JavaScript/TypeScript script under a sampling profiler, says whether it is
CPU-bound, I/O-bound or mixed, and recommends the concurrency model that fits.

Options:
  --json FILE        write the report as JSON ('-' for stdout)
  --html FILE        write a self-contained HTML report
  --cpuprofile FILE  write the profile in V8's .cpuprofile format (DevTools, speedscope, 0x)
  --hz N             samples per second (default: Python 100, Node 1000)
  --timeout S        stop the script after S seconds (default: no limit)
  --python PATH      Python interpreter (default: python3)
  -h, --help         show this help
`;

const SPEC = { json: 'value', html: 'value', cpuprofile: 'value', hz: 'value', timeout: 'value', python: 'value' } as const;

function positiveNumber(name: string, value: string | true | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n <= 0) throw new UsageError(`boundwise profile: --${name} needs a positive number, got '${value}'`);
  return n;
}

function writeOut(file: string, text: string): void {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

export async function runProfileCommand(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, { ...SPEC }, 'boundwise profile');
    if (args.options.get('help')) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? `boundwise profile: one script at a time (got ${args.positionals.length}); pass script arguments after --` : 'boundwise profile: missing SCRIPT');
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const opt = (k: keyof typeof SPEC) => {
    const v = args.options.get(k);
    return typeof v === 'string' ? v : undefined;
  };
  let hz: number | undefined;
  let timeoutS: number | undefined;
  try {
    hz = positiveNumber('hz', args.options.get('hz'));
    timeoutS = positiveNumber('timeout', args.options.get('timeout'));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const jsonFile = opt('json');
  const quietStdout = jsonFile === '-';
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  const tty = process.stderr.isTTY === true;
  let result: ProfileResult;
  try {
    result = await profileScript({
      script: args.positionals[0],
      args: args.rest,
      hz,
      timeoutMs: timeoutS !== undefined ? timeoutS * 1000 : undefined,
      python: opt('python'),
      signal: controller.signal,
      onProgress: tty ? (p) => process.stderr.write(`\r\x1b[2Kprofiling ${path.basename(args.positionals[0])}: ${(p.elapsedMs / 1000).toFixed(1)} s, ${p.samples} samples`) : undefined,
    });
  } catch (err) {
    if (tty) process.stderr.write('\r\x1b[2K');
    if (err instanceof ProfileCancelledError) {
      process.stderr.write('boundwise profile: cancelled\n');
      return 130;
    }
    if (err instanceof ProfileInputError || err instanceof InterpreterError) {
      process.stderr.write(`boundwise profile: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (tty) process.stderr.write('\r\x1b[2K');
  const { report } = result;
  const htmlFile = opt('html');
  const profFile = opt('cpuprofile');
  try {
    if (jsonFile) writeOut(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    if (profFile) {
      if (result.cpuprofile) writeOut(profFile, JSON.stringify(result.cpuprofile));
      else process.stderr.write('boundwise profile: no profile was recorded; --cpuprofile not written\n');
    }
    if (htmlFile) writeOut(htmlFile, renderReportHtml(report, { cpuProfile: result.cpuprofile }));
  } catch (err) {
    process.stderr.write(`boundwise profile: cannot write output: ${(err as Error).message}\n`);
    return 2;
  }
  (quietStdout ? process.stderr : process.stdout).write(formatSummary(report));
  if (report.timedOut) return 1;
  return report.exitCode === 0 ? 0 : 1;
}

const secs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}

/** "1.8x faster", "1.5x to 2.0x faster", "gain unknown". */
function predictedGain(r: ProfileReport): string {
  const p = r.prediction;
  if (p.unknown) return 'gain unknown';
  if (p.range) return `${p.range[0].toFixed(2)}x to ${p.range[1].toFixed(2)}x faster`;
  return p.speedup > 1 ? `up to ${p.speedup.toFixed(2)}x faster` : 'no gain';
}

/** The terminal summary: verdict, timings, hotspots, blocking calls, recommendation. */
export function formatSummary(r: ProfileReport): string {
  const t = r.timings;
  const rel = (f: string) => {
    const p = path.relative(process.cwd(), f);
    return p && !p.startsWith('..') && !path.isAbsolute(p) ? p : f;
  };
  const lines: string[] = [];
  const status = r.timedOut ? 'stopped by timeout' : `exit ${r.exitCode ?? 'killed'}`;
  lines.push(`${rel(r.script)} (${r.language}, ${status})`);
  lines.push(`  verdict       ${r.classification}: ${r.recommendation.title} [${r.recommendation.id}]`);
  if (r.failure?.errorLine) lines.push(`  error         ${r.failure.errorLine}`);
  for (const c of r.caveats ?? []) lines.push(wrap(`! ${c}`, 96, '    '));
  if (r.repeats) lines.push(`  runs          ${r.repeats.runs} (a short run is repeated): ${r.repeats.wallMs.map((ms) => secs(ms)).join(', ')} wall; the report is the median run's`);
  lines.push(`  time          ${secs(t.wallMs)} wall, ${secs(t.cpuUserMs)} user + ${secs(t.cpuSysMs)} sys + ${secs(t.childCpuMs)} children CPU; utilisation ${t.utilization.toFixed(2)} on ${t.cores} cores`);
  lines.push(`  samples       ${r.samples.count} at ${r.samples.hz} Hz: ${r.samples.onCpu} on CPU, ${r.samples.waiting} waiting`);
  if (r.loopBlocking && r.loopBlocking.maxMs > 0) lines.push(`  event loop    longest block ${secs(r.loopBlocking.maxMs)}${r.loopBlocking.p50Ms !== undefined ? `, median delay ${secs(r.loopBlocking.p50Ms)}` : ''}`);
  if (r.hotspots.length) {
    lines.push('  hotspots      self      total     where');
    for (const h of r.hotspots.slice(0, 5)) {
      lines.push(`    ${h.onCpu ? 'cpu ' : 'wait'}        ${secs(h.selfMs).padStart(8)}  ${secs(h.totalMs).padStart(8)}  ${h.function} (${rel(h.file)}:${h.line})`);
    }
  }
  if (r.blocking.length) {
    lines.push('  waiting in');
    for (const b of r.blocking.slice(0, 5)) lines.push(`    ${secs(b.ms).padStart(8)}  ${b.call} (${rel(b.file)}:${b.line})`);
  }
  lines.push(`  recommendation ${r.recommendation.id}`);
  lines.push(wrap(r.recommendation.detail, 96, '    '));
  lines.push(wrap(`predicted ${predictedGain(r)}: ${r.prediction.assumption}${r.prediction.unmeasured ? `. Not measured: ${r.prediction.unmeasured}` : ''}`, 96, '  '));
  if (r.recommendation.sketch) {
    lines.push('  before');
    lines.push(r.recommendation.sketch.before.split('\n').map((l) => `    ${l}`).join('\n'));
    lines.push('  after');
    lines.push(r.recommendation.sketch.after.split('\n').map((l) => `    ${l}`).join('\n'));
  }
  if (r.exitCode !== 0 && r.stderrTail) {
    const tail = r.stderrTail.trimEnd().split('\n').slice(-8);
    lines.push('  script error output (last lines)');
    for (const l of tail) lines.push(`    ${l}`);
  }
  return `${lines.join('\n')}\n`;
}
