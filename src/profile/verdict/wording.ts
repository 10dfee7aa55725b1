// The sentences of a verdict: shared pieces (timings, the waits, the hot function, the prediction's
// assumption) and the cases said alike in both languages; the per-language tables
// (pythonWording.ts, nodeWording.ts) add the rest, keyed by the decision's case. Every sentence
// states the number it rests on.
import * as path from 'node:path';
import type { Measurement } from '../model';
import type { Hotspot } from '../report';
import { BOUNDED_POOL, type Case, type Decision, type PredictionBasis, type Target } from './decide';
import { IO_KINDS, type Evidence } from './evidence';
import { formatUtilisation, utilisationPhrase } from '../utilisation';

export const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10000 ? 1 : 2)} s` : `${Math.round(ms)} ms`);
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const x2 = (x: number) => `${x.toFixed(x >= 10 ? 0 : 1)}x`;
export const mb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`);
export const where = (w: { file: string; line: number }) => `${path.basename(w.file)}:${w.line}`;

/** What a table entry reads. */
export interface Said {
  d: Decision;
  e: Evidence;
  m: Measurement;
}

export interface LanguageWording {
  /** How the waits would be overlapped, named in the prediction. */
  targets: Partial<Record<Target, string>>;
  /** What a prediction over processes, threads or workers could not measure. */
  unmeasured: Record<'processes' | 'threads' | 'workers' | 'children', string>;
  /** Every case the language's decisions reach (the compiler checks the tables are whole). */
  cases: Partial<Record<Case, Say>>;
}

export type Say = (x: Said) => { title: string; detail: string };

/** The cases only Python's decisions reach, and only Node's. */
type PythonOnly = 'drop-pool' | 'io-in-processes' | 'gil-released' | 'builds-data' | 'mixed';
type NodeOnly = 'mixed-blocked' | 'mixed-async';
export type PythonCases = Record<Exclude<Case, NodeOnly>, Say>;
export type NodeCases = Record<Exclude<Case, PythonOnly>, Say>;

export function timingSentence(e: Evidence, m: Measurement): string {
  const child = m.process.childCpuMs >= 1 ? ` (${s(m.process.childCpuMs)} of it in child processes)` : '';
  const own = m.process.profilerCpuMs >= 1 ? ` (not counting the sampler's own ${s(m.process.profilerCpuMs)})` : '';
  const imports = e.importWallMs >= 1 ? ` and ${m.language === 'python' ? 'imports' : 'compiling modules'} (${s(e.importWallMs)})` : '';
  const startup = e.startupWallMs >= 1
    ? ` After start-up (${s(m.process.startupWallMs)})${imports}, the script ran ${s(e.wall)} using ${s(e.cpu)} of CPU`
    : ` The script used ${s(e.cpu)} of CPU`;
  const busy = m.process.runQueueMs >= 0.05 * e.wall
    ? `; the machine was busy and ${s(m.process.runQueueMs)} went to waiting for a free CPU, so on an idle machine it takes about ${s(e.effWall)}`
    : '';
  // The profiler's own CPU is said apart once, and left out of every figure after it.
  const treeCpu = Math.max(0, e.totalCpu - m.process.profilerCpuMs);
  return `The process tree used ${s(treeCpu)} of CPU${own} in ${s(e.totalWall)} of wall time${child} on ${m.cores} core${m.cores === 1 ? '' : 's'}.${startup}${busy}: ${utilisationPhrase(e.u)}.`;
}

const WAIT_NOUNS: Record<string, [string, string]> = {
  http: ['HTTP request', 'HTTP requests'],
  socket: ['request/response turn on a socket', 'request/response turns on sockets'],
  child: ['child process', 'child processes'],
  'child-sync': ['child process run synchronously', 'child processes run synchronously'],
  sleep: ['sleep', 'sleeps'],
  timer: ['timer', 'timers'],
  fs: ['file-system request', 'file-system requests'],
  dns: ['DNS lookup', 'DNS lookups'],
  connect: ['connection', 'connections'],
  database: ['database connection', 'database connections'],
};

/** "40 HTTP requests", "5 child processes and 10 timers": the counted waits, the same wait
 * counted twice (a request and its socket turn, its connection) said once. */
export function waitsPhrase(m: Measurement): string {
  const counts = { ...m.waitCounts };
  if (counts.http) {
    delete counts.socket;
    delete counts.dns;
  }
  if (Object.keys(counts).some((k) => k !== 'connect' && counts[k])) delete counts.connect;
  const parts = Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([kind, n]) => `${n} ${(WAIT_NOUNS[kind] ?? [kind, kind])[n === 1 ? 0 : 1]}`);
  if (parts.length === 0) return `${m.waitsStarted} waits`;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function waitSentence(e: Evidence): string {
  const w = e.topWait;
  if (!w) return '';
  const calls = e.topCount > 1 ? `, ${e.topCount} calls` : '';
  const serial = e.concurrency > 0 && e.concurrency < 1.5 && e.topCount > 1 ? ' one after another' : '';
  return ` ${s(w.ms)} was spent waiting (${w.kind}) in \`${w.call}\` at ${where(w)}${calls}${serial}.`;
}

export function cpuSentence(hot?: Hotspot): string {
  if (!hot) return '';
  // Its self time is thread time in samples that found it computing, not measured CPU time.
  return ` Most of the computing is in \`${hot.function}\` (${where(hot)}, ${s(hot.selfMs)} of thread time).`;
}

/** " The waits overlap only 2.0 at a time (a pool of that size) while 40 are independent." */
export function limitedSentence(e: Evidence, m: Measurement): string {
  return e.concurrency >= 1.5 ? ` The waits overlap only ${e.concurrency.toFixed(1)} at a time (a pool of that size) while ${m.waitsStarted} are independent.` : '';
}

/** " 40 HTTP requests ran with 1.0 in flight on average." */
export function countedSentence(e: Evidence, m: Measurement): string {
  return m.waitsStarted ? ` ${waitsPhrase(m)} ran with ${e.concurrency.toFixed(1)} in flight on average.` : ' The independent waits were not counted.';
}

export function ioPrefix(d: Decision): string {
  return d.classification === 'io-bound' ? 'I/O-bound: ' : 'Mostly waiting: ';
}

/** What an I/O prediction cannot measure: whether the other side keeps up with the waits side by
 * side. Sleeps and timers always do. */
function sideBySide(m: Measurement, k: number): { unmeasured?: string } {
  const c = m.waitCounts;
  const who = c.http || c.socket || c.connect || c.dns ? 'the server answers'
    : c.child || c['child-sync'] ? 'the child processes (which may compete for the cores) run'
      : c.fs ? 'the disk serves'
        : c.database ? 'the database answers' : undefined;
  if (!who && (c.sleep || c.timer)) return {};
  return { unmeasured: `whether ${who ?? 'the other side handles'} ${k} at a time as fast as one` };
}

/** The prediction's assumption and what it could not measure. */
export function assumptionOf({ d, m }: Said, words: LanguageWording): { assumption: string; unmeasured?: string } {
  const p: PredictionBasis = d.prediction;
  const target = (t: Target) => words.targets[t] ?? t;
  const [low, high] = d.gain.range;
  switch (p.kind) {
    case 'nothing':
      return {
        assumption: {
          'too-short': 'nothing to judge on a run this short',
          failed: 'the run failed before its work: nothing to predict from',
          'single-wait': 'a single wait',
          'builds-data': 'sending the built data back from worker processes would cost about as much as building it',
          'no-waits': 'no wait to overlap was seen',
        }[p.why],
        ...(p.why === 'builds-data' ? { unmeasured: 'the pickling speed of this data (taken as 100 MB/s)' } : {}),
      };
    case 'overlapped':
      return { assumption: `the waits already overlap (${p.concurrency.toFixed(1)} in flight on average)` };
    case 'waits': {
      const batches = p.waits > BOUNDED_POOL ? `; ${x2(low)} with ${BOUNDED_POOL} at a time (a bounded pool)` : '';
      return {
        assumption: `${waitsPhrase(m)}: ${p.waits} independent waits of about ${s(p.eachMs)} each, all in flight at once with ${target(p.target)}, ${x2(high)}${batches}; ` +
          `the ${s(p.fixedMs)} of start-up and computing stays`,
        ...sideBySide(m, p.waits),
      };
    }
    case 'waits-uncounted':
      return {
        assumption: `the gain is unknown: the independent waits were not counted. At most ${x2(p.bound)} if every wait overlapped with ${target(p.target)} (the ${pct(p.waitShare)} waiting share of ${s(p.wallMs)})`,
        unmeasured: 'the number of independent waits',
      };
    case 'busy-cores':
      return { assumption: `at most ${formatUtilisation(p.cores)} CPU on ${p.cores} cores; the run already uses ${formatUtilisation(p.utilisation)}${p.busyCores >= p.utilisation + 0.5 ? ` and ran ${Math.round(p.busyCores)} workers at once` : ''}` };
    case 'cores': {
      const free = p.freeLanes < Math.min(p.lanes, p.cores) - 0.05 ? `; ${x2(low)} with the cores as busy as during this run (${p.freeLanes.toFixed(1)} free), ${x2(high)} on idle ones` : '';
      const used = p.usedCores > 1.05 ? `; the run already uses ${formatUtilisation(p.usedCores)} CPU of the ${formatUtilisation(p.cores)} its ${p.cores} cores give, so at most ${x2(p.cores / p.usedCores)}` : '';
      const what = p.over === 'children' ? `child processes side by side (${p.lanes} at once)` : `${p.lanes} ${p.over === 'processes' ? 'processes' : p.over === 'threads' ? 'threads' : 'worker threads'}`;
      return {
        assumption: p.waitsStay
          ? `the ${pct(p.share)} of the run spent computing runs on ${p.cores} cores; the waits stay${used}`
          : `the ${pct(p.share)} of the run after start-up spent computing splits into independent tasks over ${what} (Amdahl)${free}${used}`,
        unmeasured: words.unmeasured[p.over],
      };
    }
    case 'tool':
      return p.hasSwitch
        ? { assumption: `nothing to split in your code; the tool's own switch can give at most ${x2(high)} (the run already uses ${formatUtilisation(p.usedCores)} CPU of the ${formatUtilisation(p.cores)} its ${p.cores} cores give)`, unmeasured: "how the tool's own switch divides its work" }
        : { assumption: 'nothing to split in your code, and the tool has no switch that splits this work' };
    case 'drop-pool':
      return p.measured
        ? {
          assumption: `without the pool the ${s(p.poolMs)} the main thread spent in it gives way to the ${s(p.workMs)} the workers spent on the work itself (measured in them, between unpickling a task and pickling its result), done here, ${x2(high)}; ` +
            `${x2(low)} if the other ${s(p.upToMs)} of their CPU (${s(p.childCpuMs)}, less ${s(p.workerTransferMs)} unpickling and pickling) was work too`,
          unmeasured: 'what the rest of the workers\' CPU went to (freeing what they received, their own upkeep), and whether the work runs as fast in this process',
        }
        : {
          assumption: `without the pool the ${s(p.poolMs)} the main thread spent in it gives way to about ${s(p.workMs)} of work done here (the workers' ${s(p.childCpuMs)} of CPU less their unpickling); ${x2(low)} if none of their CPU was unpickling`,
          unmeasured: m.transfer?.inWorkers
            ? "which of the workers' CPU outside unpickling and pickling was work (more of it than their unpickling would take to free)"
            : "the workers' own split between unpickling and work (taken as this process's pickling time)",
        };
    case 'mixed':
      return { assumption: `the ${s(p.cpuMs)} of computing splits over ${p.cores} cores and the ${pct(p.waitShare)} of waiting overlaps${p.waits > 1 ? ` across ${p.waits} independent waits` : ''}` };
  }
}

/** The loop-blocked verdict's evidence and the language's way out (`advice`). */
export function loopBlockedDetail({ e, m }: Said, advice: string): string {
  const top = m.waits.filter((w) => w.user && (w.kind === 'sync-call' || IO_KINDS.includes(w.kind)))[0];
  const lb = m.loop.events.reduce((a, ev) => Math.max(a, ev.ms), 0);
  const delay = m.loop.maxDelayMs ? `; the longest event-loop delay was ${s(m.loop.maxDelayMs)}` : lb ? `; the longest single block was ${s(lb)}` : '';
  const counted = m.waitsStarted ? ` It made ${waitsPhrase(m)}.` : '';
  // The share of the wall time, as the report's tables state it (the decision's own share is of
  // the run after start-up).
  return `${timingSentence(e, m)} The event loop was blocked for ${s(m.loop.blockedMs)} (${pct(Math.min(1, m.loop.blockedMs / e.totalWall))} of the wall time) inside ` +
    `${top ? `\`${top.call}\` at ${where(top)}` : 'a blocking call'}${delay}.${counted} No other task or request runs meanwhile. ${advice}`;
}

/** Already parallel, the work spread over `workers` (worker processes, worker threads). */
export function alreadyParallel(workers: string) {
  return ({ e, m }: Said) => {
    const offMain = m.threadsCpu?.otherMs ?? 0;
    const words = m.language === 'python' ? PYTHON_OTHER_THREADS : NODE_OTHER_THREADS;
    const how = m.parallel.units >= 2
      ? `${s(m.parallel.cpuMs)} of the ${s(e.cpu)} of CPU ran in ${m.parallel.units} ${workers}`
      : offMain > 0.3 * e.cpu
        ? `${s(offMain)} of the ${s(e.cpu)} of CPU ran on threads besides the main one (${words})`
        : `${m.process.threads} threads computed at once`;
    return {
      title: 'Already parallel',
      detail: `${timingSentence(e, m)} The work already runs in parallel (${how}); with ${m.cores} cores there is little left to gain from more parallelism. Make the hot code itself cheaper.${cpuSentence(e.hot)}`,
    };
  };
}

export const PYTHON_OTHER_THREADS = "the script's threads in C code that released the GIL, or a C library's own threads";
export const NODE_OTHER_THREADS = "V8's compiler and garbage-collector threads, and libuv's pool for async zlib, crypto and fs calls";

/** Cases said the same way in both languages. */
export const COMMON_CASES = {
  failed: ({ e, m }) => {
    const f = m.process.failure;
    const how = f?.exitCode !== null && f?.exitCode !== undefined ? `exit code ${f.exitCode}` : `signal ${f?.signal ?? 'unknown'}`;
    const when = f?.atStartup ? 'while starting (a missing module, input or configuration, an import or syntax error)' : `${s(e.wall)} after start-up`;
    return {
      title: 'The run failed before doing its work',
      detail: `The run failed ${when} (${how}): ${(f?.errorLine || 'see the error output').replace(/\.+$/, '')}. It did not get to its work, so there is nothing to classify or to predict; fix the error and profile it again.`,
    };
  },
  'too-short': ({ e, m }) => ({
    title: 'Too short to judge',
    detail: `After start-up (${s(m.process.startupWallMs)}${e.importWallMs >= 1 ? `, then ${s(e.importWallMs)} ${m.language === 'python' ? 'importing modules' : 'compiling modules'}` : ''}) the script ran ${s(e.wall)} of ${s(e.totalWall)} (${e.count} samples): too short to judge, and no change of concurrency model would be measurable. Profile a longer workload.`,
  }),
  'not-splittable': ({ e, m }) => {
    const tool = e.tool;
    const name = tool?.name ?? 'a library';
    // (How many cores it kept busy is the utilisation the timing sentence states: not repeated in another format.)
    const used = e.usedCores > 1.2 ? `, and the run already kept more than one core busy (${m.language === 'python' ? PYTHON_OTHER_THREADS : NODE_OTHER_THREADS})` : '';
    const own = tool?.switch ? ` What can help is the tool's own switch: ${tool.switch}.` : ` ${name[0].toUpperCase()}${name.slice(1)} does this as one task that cannot be split from your code; give it less to do.`;
    return {
      title: `The time is inside ${name}, code you do not own`,
      detail: `${timingSentence(e, m)} ${pct(e.libraryShare)} of the CPU time was inside ${name}${tool?.file ? ` (${path.basename(tool.file)})` : ''}, not reached through functions of your own: there is nothing in your code to spread over cores${used}.${own}`,
    };
  },
  'already-concurrent': ({ e, m }) => {
    const k = m.waitsStarted;
    return {
      title: 'Already concurrent',
      detail: `${timingSentence(e, m)} ${pct(e.waitShare)} of the run was waiting, with ${e.concurrency.toFixed(1)} waits in flight on average (up to ${m.io.max})${k ? ` for ${waitsPhrase(m)}` : ''}: the waits already overlap. What remains is the latency of the slowest waits; make fewer or cheaper calls.`,
    };
  },
  'no-waits-seen': ({ e, m }) => ({
    title: 'Waiting on nothing it could see',
    detail: `${timingSentence(e, m)} ${pct(e.waitShare)} of the run was not computing, but no call of the script waited on I/O and no wait was counted: the time went to waiting for a core, a lock or start-up, not to waits that concurrency could overlap. Nothing to recommend.`,
  }),
  'one-wait': ({ e, m }) => ({
    title: 'One wait: nothing to overlap',
    detail: `${timingSentence(e, m)}${waitSentence(e)} A single wait cannot overlap with another; concurrency would not shorten this run.`,
  }),
} satisfies Partial<Record<Case, Say>>;
