// `boundwise profile SCRIPT | -m MODULE | -- COMMAND`: run the program as the user would (in the
// current folder, its output passed through), classify it, print a summary, write the requested
// files. Ctrl-C, SIGTERM and SIGHUP stop the program and still report what was measured.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs, UsageError } from './args';
import { plainText } from '../../server/analysis/markdownText';
import { useColour } from './colour';
import { printable } from './printable';
import { profileScript, ProfileCancelledError, ProfileInputError, InterpreterError, type ProfileOptions, type ProfileResult } from '../profile/engine';
import type { ProfileReport } from '../profile/report';
import { utilisationPhrase } from '../profile/utilisation';
import type { ServerReport } from '../profile/server/model';
import { DEFAULT_LOAD, type LoadProgress, type LoadRequest } from '../profile/server/session';
import { attachProcess } from '../profile/attach/attach';
import { renderReportHtml } from '../report/html';
import { loopSummary } from '../report/loopBlocks';

const USAGE = `Usage: boundwise profile SCRIPT [options] [-- ARGS...]
       boundwise profile -m MODULE [options] [-- ARGS...]
       boundwise profile [options] -- COMMAND [ARGS...]
       boundwise profile --attach PID [--duration S] [options]

Runs a Python or JavaScript/TypeScript program under a sampling profiler, says whether it is
CPU-bound, I/O-bound or mixed, and recommends the concurrency model that fits.

The program runs in the current folder, with its output shown as it runs. COMMAND is a Python or
Node command line (python3 tool.py, node --flag ./bin/x, or a program whose #! line names python or
node, such as an npm package's bin); arguments are passed as they are, never through a shell.
Ctrl-C (or SIGTERM, SIGHUP) stops the program: it is asked to end (SIGINT, then SIGTERM, then
SIGKILL), nothing it started is left running, and the report of what was measured is still written.

Options:
  -m MODULE          run a Python module, like python -m MODULE
  --json FILE        write the report as JSON ('-' for stdout; the program's output then goes to stderr)
  --html FILE        write a self-contained HTML report
  --cpuprofile FILE  write the profile in V8's .cpuprofile format (DevTools, speedscope, 0x)
  --hz N             samples per second (default: Python 100, Node 100)
  --timeout S        stop the program after S seconds and report (default: no limit)
  --python PATH      Python interpreter for SCRIPT and -m (default: python3)
  -h, --help         show this help

Servers (a program that listens on a port is reported by its busy windows):
  --load URL         wait until the program listens on URL's port, send GET requests to URL
                     for --duration seconds over --connections keep-alive connections, then
                     stop the program and report both sides (this machine only: 127.0.0.1,
                     ::1, localhost)
  --duration S       how long the load runs (default 10)
  --connections N    connections the load keeps busy at once (default 16)
  --load-any-host    allow a --load URL on another machine (only one you are allowed to load)

Running Node processes:
  --attach PID       profile a running Node process (its inspector is opened with SIGUSR1 and
                     closed again) for --duration seconds, or until Ctrl-C; it keeps running.
                     With --load, for as long as the load runs.
`;

const SPEC = {
  m: 'value', json: 'value', html: 'value', cpuprofile: 'value', hz: 'value', timeout: 'value', python: 'value',
  load: 'value', duration: 'value', connections: 'value', 'load-any-host': 'flag', attach: 'value',
} as const;

/** Exit status of a run stopped by a signal this process received: 128 + its number, as a shell reports it. */
const STOP_SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

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

/** What to run, from the command line: SCRIPT, -m MODULE, or a command after --. */
function targetFrom(args: ReturnType<typeof parseArgs>): Pick<ProfileOptions, 'script' | 'module' | 'command' | 'args'> {
  const module = args.options.get('m');
  if (module === true) throw new UsageError('boundwise profile: -m needs a module name');
  if (args.positionals.length > 1) throw new UsageError(`boundwise profile: one script at a time (got ${args.positionals.length}); pass script arguments after --`);
  if (module !== undefined) {
    if (args.positionals.length) throw new UsageError('boundwise profile: give either SCRIPT or -m MODULE, not both');
    return { module, args: args.rest };
  }
  if (args.positionals.length) return { script: args.positionals[0], args: args.rest };
  if (args.rest.length) return { command: args.rest };
  throw new UsageError('boundwise profile: missing SCRIPT (or -m MODULE, or -- COMMAND)');
}

/**
 * Passes the program's output on to a terminal stream. While the progress line is drawn on the
 * same terminal, it is erased before the program's text and redrawn only after a complete line.
 */
class ProgramOutput extends Writable {
  private broken = false;
  private waiting: Array<() => void> = [];
  constructor(private readonly target: NodeJS.WriteStream, private readonly progress: ProgressLine | undefined) {
    super();
    // A closed terminal or pipe (EPIPE) must not end the run or stall it: the report still matters.
    target.on('error', () => {
      this.broken = true;
      for (const done of this.waiting.splice(0)) done();
    });
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.progress?.beforeOutput(chunk);
    if (this.broken || this.target.write(chunk)) {
      done();
      return;
    }
    this.waiting.push(done);
    this.target.once('drain', () => {
      this.waiting = this.waiting.filter((d) => d !== done);
      done();
    });
  }
}

class ProgressLine {
  private shown = false;
  private lineOpen = false;
  constructor(private readonly stream: NodeJS.WriteStream) {}
  draw(text: string): void {
    if (this.lineOpen) return;
    this.stream.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }
  beforeOutput(chunk: Buffer): void {
    this.clear();
    if (chunk.length) this.lineOpen = chunk[chunk.length - 1] !== 0x0a;
  }
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}

export async function runProfileCommand(argv: string[]): Promise<number> {
  let args;
  let target;
  let attach: number | undefined;
  try {
    args = parseArgs(argv, { ...SPEC }, 'boundwise profile');
    if (args.options.get('help')) {
      process.stdout.write(USAGE);
      return 0;
    }
    attach = attachFrom(args);
    target = attach !== undefined ? undefined : targetFrom(args);
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
  let load: LoadRequest | undefined;
  try {
    hz = positiveNumber('hz', args.options.get('hz'));
    timeoutS = positiveNumber('timeout', args.options.get('timeout'));
    load = loadFrom(args, args.options.has('attach'));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const jsonFile = opt('json');
  const quietStdout = jsonFile === '-';
  // Ctrl-C, a kill or a closed terminal stops the program (it runs in a process group of its own,
  // so it hears of it from here) and the report is still written.
  const stop = new AbortController();
  let stoppedBy: StopSignal | undefined;
  const onSignal = (sig: StopSignal) => {
    stoppedBy ??= sig;
    if (!stop.signal.aborted) stop.abort(sig);
  };
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((sig) => [sig, () => onSignal(sig)] as const);
  for (const [sig, handler] of handlers) process.on(sig, handler);
  const progress = process.stderr.isTTY === true ? new ProgressLine(process.stderr) : undefined;
  const name = target ? target.script ?? target.module ?? target.command?.join(' ') ?? '' : `process ${attach}`;
  let result: ProfileResult;
  try {
    if (attach !== undefined) {
      const duration = positiveNumber('duration', args.options.get('duration'));
      result = await attachProcess({
        pid: attach,
        durationMs: load ? undefined : duration !== undefined ? duration * 1000 : undefined,
        hz,
        stop: stop.signal,
        load,
        onProgress: progress ? (p) => progress.draw(printable(`profiling ${name}: ${(p.elapsedMs / 1000).toFixed(1)} s${duration && !load ? ` of ${duration} s` : ', Ctrl-C to detach and report'}`)) : undefined,
        onLoadProgress: progress ? (p) => progress.draw(printable(`profiling ${name}: ${loadProgressText(p, load)}`)) : undefined,
      });
    } else result = await profileScript({
      ...target!,
      hz,
      timeoutMs: timeoutS !== undefined ? timeoutS * 1000 : undefined,
      python: opt('python'),
      stop: stop.signal,
      // The report goes to stdout with --json -: then the program's own output goes to stderr.
      stdoutSink: new ProgramOutput(quietStdout ? process.stderr : process.stdout, quietStdout ? progress : undefined),
      stderrSink: new ProgramOutput(process.stderr, progress),
      load,
      onProgress: progress ? (p) => progress.draw(printable(`profiling ${path.basename(name)}: ${(p.elapsedMs / 1000).toFixed(1)} s, ${p.samples} samples`)) : undefined,
      onLoadProgress: progress ? (p) => progress.draw(printable(`profiling ${path.basename(name)}: ${loadProgressText(p, load)}`)) : undefined,
    });
  } catch (err) {
    progress?.clear();
    if (err instanceof ProfileCancelledError) {
      process.stderr.write('boundwise profile: cancelled\n');
      return 130;
    }
    if (err instanceof ProfileInputError || err instanceof InterpreterError) {
      const allow = err instanceof ProfileInputError && err.allowedBy === 'any-load-host' ? ' Pass --load-any-host to load another host you own.' : '';
      process.stderr.write(`boundwise profile: ${printable(err.message)}${allow}\n`);
      return 2;
    }
    throw err;
  } finally {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  }
  progress?.clear();
  const { report } = result;
  const htmlFile = opt('html');
  const profFile = opt('cpuprofile');
  try {
    if (jsonFile) writeOut(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    if (profFile) {
      if (result.cpuprofile) writeOut(profFile, JSON.stringify(result.cpuprofile));
      else process.stderr.write('boundwise profile: no profile was recorded; --cpuprofile not written\n');
    }
    if (htmlFile) writeOut(htmlFile, renderReportHtml(report, { cpuProfile: result.cpuprofile, sampleOnCpu: result.measurement?.sampleOnCpu }));
  } catch (err) {
    process.stderr.write(`boundwise profile: cannot write output: ${(err as Error).message}\n`);
    return 2;
  }
  const written: Array<[string, string]> = [];
  if (jsonFile && jsonFile !== '-') written.push(['json report', jsonFile]);
  if (htmlFile && htmlFile !== '-') written.push(['html report', htmlFile]);
  if (profFile && profFile !== '-' && result.cpuprofile) written.push(['cpuprofile', profFile]);
  const summaryStream = quietStdout ? process.stderr : process.stdout;
  summaryStream.write(formatSummary(report, useColour(summaryStream), written));
  // Detaching (Ctrl-C included) is how an attachment ends; the process was left running.
  if (report.attached) return 0;
  if (stoppedBy) return STOP_SIGNALS[stoppedBy];
  if (report.timedOut) return 1;
  // A server stopped after its load ended as planned; a load that could not run is a failure.
  if (report.stopped?.by === 'load') return report.server?.loadProblem ? 1 : 0;
  return report.exitCode === 0 ? 0 : 1;
}

/** The built-in load, from --load, --duration, --connections and --load-any-host. */
function loadFrom(args: ReturnType<typeof parseArgs>, attaching: boolean): LoadRequest | undefined {
  const url = args.options.get('load');
  const duration = positiveNumber('duration', args.options.get('duration'));
  const connections = positiveNumber('connections', args.options.get('connections'));
  if (url === undefined) {
    // With --attach, --duration is how long to stay attached.
    const stray = [...(attaching ? [] : ['duration']), 'connections', 'load-any-host'].find((k) => args.options.has(k));
    if (stray) throw new UsageError(`boundwise profile: --${stray} goes with --load URL`);
    return undefined;
  }
  if (typeof url !== 'string') throw new UsageError('boundwise profile: --load needs a URL');
  return {
    url,
    durationMs: (duration ?? DEFAULT_LOAD.durationMs / 1000) * 1000,
    connections: connections ?? DEFAULT_LOAD.connections,
    anyHost: args.options.get('load-any-host') === true,
  };
}

/** --attach PID: a process id, and nothing else to run. */
function attachFrom(args: ReturnType<typeof parseArgs>): number | undefined {
  const value = args.options.get('attach');
  if (value === undefined) return undefined;
  const pid = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || pid <= 0) throw new UsageError(`boundwise profile: --attach needs a process id, got '${value}'`);
  if (args.positionals.length || args.rest.length || args.options.has('m')) throw new UsageError('boundwise profile: --attach profiles a running process: give no SCRIPT, -m or command');
  for (const k of ['timeout', 'python']) if (args.options.has(k)) throw new UsageError(`boundwise profile: --${k} does not apply to --attach (use --duration S)`);
  return pid;
}

function loadProgressText(p: LoadProgress, load: LoadRequest | undefined): string {
  if (p.phase === 'waiting') return `waiting for the program to listen on ${load ? new URL(load.url).host : 'its port'}`;
  if (p.phase === 'load') return `load ${(p.elapsedMs / 1000).toFixed(1)} of ${((load?.durationMs ?? 0) / 1000).toFixed(0)} s`;
  return 'load done, stopping the program';
}

const secs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

/** `text`'s words in lines of at most `width` characters (a longer word gets a line of its own), each indented. */
export function wrapLines(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

const wrap = (text: string, width: number, indent: string) => wrapLines(text, width, indent).join('\n');

/** A labelled line of the summary in lines of at most 100 characters, continued under its text;
 * `phrases` are kept whole (a figure never parts from its unit or its name). */
export function field(label: string, phrases: string[]): string {
  const indent = ' '.repeat(16);
  const lines: string[] = [];
  for (const phrase of phrases) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + phrase.length <= 100) lines[last] += ` ${phrase}`;
    else lines.push(indent + phrase);
  }
  return lines.join('\n').replace(/^ {16}/, `  ${label.padEnd(14)}`);
}

/** "1.8x faster", "1.5x to 2.0x faster", "gain unknown". */
function predictedGain(r: ProfileReport): string {
  const p = r.prediction;
  if (p.unknown) return 'gain unknown';
  if (p.range) return `${p.range[0].toFixed(2)}x to ${p.range[1].toFixed(2)}x faster`;
  return p.speedup > 1 ? `up to ${p.speedup.toFixed(2)}x faster` : 'no gain';
}

const latencyText = (l: { p50Ms: number; p99Ms: number }) => `p50 ${secs(l.p50Ms)}, p99 ${secs(l.p99Ms)}`;

/** Server mode: the phases, the busy windows, the routes and the load generator's view. */
function serverLines(sv: ServerReport): string[] {
  const lines: string[] = [];
  const ports = sv.ports.length ? `listening on ${sv.ports.join(', ')}` : 'serving';
  const phases = [
    ...(sv.phases.startupMs ? [`start-up ${secs(sv.phases.startupMs)}`] : []),
    `busy ${secs(sv.phases.busyMs)}${sv.busy ? ` (${sv.busy.windows} window${sv.busy.windows === 1 ? '' : 's'})` : ''}`,
    `idle ${secs(sv.phases.idleMs)}`,
  ];
  lines.push(`  server        ${ports}${sv.attached ? ' (attached)' : ''}: ${phases.join(', ')}`);
  const b = sv.busy;
  if (b) {
    const parts = [`${b.requests} ${sv.counted === 'requests' ? 'requests served' : 'responses (load generator)'}, ${b.throughput.toFixed(1)} req/s`];
    if (b.latency) parts.push(`latency ${latencyText(b.latency)}`);
    if (b.cores !== undefined) parts.push(`CPU ${b.cores.toFixed(2)} cores${b.cpuPerRequestMs !== undefined ? `, ${b.cpuPerRequestMs.toFixed(2)} ms per request` : ''}`);
    if (b.mainThread) {
      const share = (ms: number) => `${Math.round((ms / b.ms) * 100)}%`;
      parts.push(`main thread wanted ${Math.round(b.mainThread.demand * 100)}% of a core (ran ${share(b.mainThread.cpuMs)}, waited for a CPU ${share(b.mainThread.queueMs)})`);
    }
    if (b.meanInflight !== undefined) parts.push(`${b.meanInflight.toFixed(1)} requests in flight on average (up to ${b.maxInflight})`);
    if (b.lag) parts.push(`event-loop delay p99 ${secs(b.lag.p99Ms)} (max ${secs(b.lag.maxMs)})`);
    lines.push(wrap(`busy windows: ${parts.join('; ')}`, 96, '  ').replace(/^ {2}busy windows:/, '  busy windows '));
  } else if (sv.counted === 'connections') {
    lines.push('  busy windows  none judged: only accepted connections were counted');
  }
  for (const route of sv.routes.slice(0, 8)) {
    lines.push(`    ${route.route.padEnd(28)} ${String(route.requests).padStart(7)} requests  ${latencyText(route.latency)}${route.fromFramework ? '' : '  (path)'}`);
  }
  const l = sv.load;
  if (l) {
    const errors = l.errors ? `, ${l.errors} errors (${Object.entries(l.errorKinds).map(([k, n]) => `${k} ${n}`).join(', ')})` : ', no errors';
    const statuses = Object.keys(l.statuses).length ? `, HTTP ${Object.entries(l.statuses).map(([k, n]) => `${k} x${n}`).join(', ')}` : '';
    lines.push(wrap(`load: ${l.url}, ${l.connections} connections for ${secs(l.durationMs)}: ${l.requests} responses, ${l.throughput.toFixed(1)} req/s${errors}${statuses}; latency ${latencyText(l.latency)}, max ${secs(l.latency.maxMs)}`, 96, '  ').replace(/^ {2}load:/, '  load         '));
  }
  if (sv.loadProblem) lines.push(`  load problem  ${sv.loadProblem}`);
  return lines;
}

/** The terminal summary: verdict, timings, hotspots, blocking calls, recommendation, and where the
 * files asked for (`written`: label and path) went. */
export function formatSummary(r: ProfileReport, colour = false, written: Array<[string, string]> = []): string {
  const t = r.timings;
  const rel = (f: string) => {
    const p = path.relative(process.cwd(), f);
    return p && !p.startsWith('..') && !path.isAbsolute(p) ? p : f;
  };
  const lines: string[] = [];
  const stoppedBy = { timeout: 'the timeout', user: 'you', load: 'Boundwise when the load was over' } as const;
  const status = r.stopped
    ? `stopped by ${stoppedBy[r.stopped.by]} after ${secs(r.stopped.afterMs)}`
    : r.timedOut ? 'stopped by timeout' : `exit ${r.exitCode ?? 'killed'}`;
  const cutShort = r.stopped && r.stopped.by !== 'load';
  if (r.attached) {
    const a = r.attached;
    const ended = { duration: 'for the duration', user: 'until stopped', load: 'while the load ran' }[a.endedBy];
    const inspector = { closed: 'its inspector closed again', 'was-open': 'its inspector left open as it was', 'still-open': 'WARNING: its inspector could not be closed' }[a.inspector];
    lines.push(`${rel(r.script)} (process ${a.pid}, node ${a.nodeVersion ?? ''}, attached ${ended}: ${secs(a.durationMs)}; detached, still running, ${inspector})`);
  } else lines.push(`${rel(r.script)} (${r.language}, ${status})`);
  lines.push(`  verdict       ${r.classification}: ${titleAfterClass(r.recommendation.title)} [${r.recommendation.id}]${cutShort ? ' (measured on a stopped run)' : ''}`);
  if (r.failure?.errorLine) lines.push(`  error         ${r.failure.errorLine}`);
  for (const c of r.caveats ?? []) lines.push(wrap(`! ${c}`, 96, '    '));
  if (r.repeats) lines.push(field('runs', [`${r.repeats.runs} (a short run is repeated):`, `${r.repeats.wallMs.map((ms) => secs(ms)).join(', ')} wall;`, "the report is the median run's"]));
  lines.push(field('time', [
    `${secs(t.wallMs)} wall, ${secs(t.cpuUserMs)} user + ${secs(t.cpuSysMs)} sys + ${secs(t.childCpuMs)} children CPU${t.profilerCpuMs ? '' : ';'}`,
    ...(t.profilerCpuMs ? [`(the profiler's own ${secs(t.profilerCpuMs)} left out);`] : []),
    `${utilisationPhrase(t.utilization)} on ${t.cores} cores`,
  ]));
  lines.push(`  samples       ${r.samples.count} at ${r.samples.hz} Hz: ${r.samples.onCpu} on CPU, ${r.samples.waiting} waiting`);
  if (r.loopBlocking) {
    const loop = loopSummary(r.loopBlocking);
    const delay = `${loop.delayMaxMs !== undefined ? `, longest event-loop delay ${secs(loop.delayMaxMs)}` : ''}${loop.delayP50Ms !== undefined ? `, median delay ${secs(loop.delayP50Ms)}` : ''}`;
    if (loop.blocks > 0) lines.push(`  event loop    longest block ${secs(loop.longestMs)}, ${loop.blocks} block${loop.blocks === 1 ? '' : 's'} at ${loop.sites} call site${loop.sites === 1 ? '' : 's'}, ${secs(loop.totalMs)} in all${delay}`);
    else if (delay) lines.push(`  event loop    no block recorded${delay}`);
  }
  if (r.server) lines.push(...serverLines(r.server));
  if (r.hotspots.length) {
    // Thread time (samples' weights on each thread), never labelled as CPU: the state says whether
    // the samples found the function computing or waiting.
    lines.push('  hotspots      self      total     state      where (thread time: wall time sampled on each thread)');
    for (const h of r.hotspots.slice(0, 5)) {
      lines.push(`                ${secs(h.selfMs).padStart(8)}  ${secs(h.totalMs).padStart(8)}  ${(h.onCpu ? 'computing' : 'waiting').padEnd(9)}  ${h.function} (${rel(h.file)}:${h.line})`);
    }
  }
  if (r.blocking.length) {
    lines.push('  blocking call sites (thread time waiting there)');
    for (const b of r.blocking.slice(0, 5)) lines.push(`    ${secs(b.ms).padStart(8)}  ${b.call} (${rel(b.file)}:${b.line})`);
  }
  lines.push(`  recommendation ${r.recommendation.id}`);
  lines.push(wrap(plainText(r.recommendation.detail), 96, '    '));
  lines.push(wrap(`predicted ${predictedGain(r)}: ${r.prediction.assumption}${r.prediction.unmeasured ? `. Not measured: ${r.prediction.unmeasured}` : ''}`, 96, '  '));
  if (r.recommendation.sketch) {
    lines.push('  before');
    lines.push(r.recommendation.sketch.before.split('\n').map((l) => `    ${l}`).join('\n'));
    lines.push('  after');
    lines.push(r.recommendation.sketch.after.split('\n').map((l) => `    ${l}`).join('\n'));
  }
  if (r.endedLeftovers) {
    lines.push(`  left running  ${r.endedLeftovers} process${r.endedLeftovers === 1 ? '' : 'es'} of the run (daemons, children not waited for) outlived the program and ${r.endedLeftovers === 1 ? 'was' : 'were'} ended`);
  }
  if (r.exitCode !== 0 && r.stderrTail) {
    const tail = r.stderrTail.trimEnd().split('\n').slice(-8);
    lines.push('  script error output (last lines)');
    for (const l of tail) lines.push(`    ${l}`);
  }
  for (const [what, file] of written) lines.push(`  ${what.padEnd(14)}${rel(path.resolve(file))}`);
  // Paths, names and the program's output are the program's own text: no terminal escapes; the
  // colours are added after.
  const text = `${printable(lines.join('\n'))}\n`;
  if (!colour) return text;
  const paint = (code: string, s: string) => `\x1b[${code}m${s}\x1b[0m`;
  return text
    .replace(/^(  verdict {7})([^\s:]+)/m, (_, label: string, cls: string) => `${label}${paint(CLASS_COLOUR[r.classification] ?? '1', cls)}`)
    .replace(/^  ([a-z][a-z ]*?)(?= {2,}|$)/gm, (_, label: string) => `  ${paint('2', label)}`);
}

const CLASS_COLOUR: Record<string, string> = { 'cpu-bound': '31;1', 'io-bound': '34;1', mixed: '35;1' };

/** A recommendation's title without a leading restatement of the class ("CPU-bound: use a process
 * pool" after "cpu-bound:" reads as "cpu-bound: use a process pool"). */
export function titleAfterClass(title: string): string {
  const m = /^(cpu-bound|i\/o-bound|io-bound|mixed):\s*(.+)$/is.exec(title);
  return m ? m[2] : title;
}
