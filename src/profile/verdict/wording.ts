// The sentences of a verdict: shared pieces (timings, the top wait, the hot function, the
// prediction's assumption) and the lookup in the per-language tables (pythonWording.ts,
// nodeWording.ts) keyed by the decision's case. Every sentence states the number it rests on.
import * as path from 'node:path';
import type { Measurement } from '../model';
import type { Hotspot } from '../report';
import type { Case, Decision, PredictionBasis, Target } from './decide';
import { IO_KINDS, type Evidence } from './evidence';

export const s = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10000 ? 1 : 2)} s` : `${Math.round(ms)} ms`);
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const x2 = (x: number) => `${x.toFixed(x >= 10 ? 0 : 1)}x`;
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
  /** What the Amdahl prediction leaves out (process start-up, message passing). */
  notCounted: string;
  cases: Partial<Record<Case, (x: Said) => { title: string; detail: string }>>;
}

export function timingSentence(e: Evidence, m: Measurement): string {
  const child = m.process.childCpuMs >= 1 ? ` (${s(m.process.childCpuMs)} of it in child processes)` : '';
  const own = m.process.profilerCpuMs >= 1 ? ` (not counting the sampler's own ${s(m.process.profilerCpuMs)})` : '';
  const startup = m.process.startupWallMs >= 1
    ? ` After start-up (${s(m.process.startupWallMs)}), the script ran ${s(e.wall)} using ${s(e.cpu)} of CPU${own}`
    : ` The script used ${s(e.cpu)} of CPU${own}`;
  const busy = m.process.runQueueMs >= 0.05 * e.wall
    ? `; the machine was busy and ${s(m.process.runQueueMs)} went to waiting for a free CPU, so on an idle machine it takes about ${s(e.effWall)}`
    : '';
  return `The process tree used ${s(e.totalCpu)} of CPU in ${s(e.totalWall)} of wall time${child} on ${m.cores} core${m.cores === 1 ? '' : 's'}.${startup}${busy}: utilisation ${e.u.toFixed(2)}.`;
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
  return ` Most CPU time is in \`${hot.function}\` (${where(hot)}, ${s(hot.selfMs)}).`;
}

/** The prediction's assumption: what the predicted gain rests on. */
export function assumptionOf(p: PredictionBasis, words: LanguageWording): string {
  const target = (t: Target) => words.targets[t] ?? t;
  switch (p.kind) {
    case 'nothing':
      return p.why === 'too-short' ? 'nothing to gain on a run this short' : 'a single wait';
    case 'overlapped':
      return `the waits already overlap (${p.concurrency.toFixed(1)} in flight on average)`;
    case 'waits':
      return `${p.waits} waits of about ${s(p.eachMs)} each, independent of one another, all in flight at once with ${target(p.target)}; ` +
        `the ${s(p.fixedMs)} of start-up and computing stays (at most ${x2(p.bound)} from the ${pct(p.waitShare)} waiting share)`;
    case 'wait-share':
      return `upper bound from the waiting share (${pct(p.waitShare)} of ${s(p.wallMs)}): every wait overlapped with ${target(p.target)}; the number of independent waits was not measured`;
    case 'busy-cores':
      return `at most ${p.cores} cores busy; the run already keeps ${p.busyCores.toFixed(1)} busy`;
    case 'amdahl':
      return p.waitsStay
        ? `the ${pct(p.share)} of the run spent computing runs on ${p.cores} cores; the waits stay`
        : `the ${pct(p.share)} of the run spent computing splits into independent tasks over ${p.cores} cores (Amdahl); ${words.notCounted} not counted`;
    case 'mixed':
      return `the ${s(p.cpuMs)} of computing splits over ${p.cores} cores and the ${pct(p.waitShare)} of waiting overlaps${p.waits > 1 ? ` across ${p.waits} independent waits` : ''}`;
  }
}

/** Cases said the same way in both languages. */
export const COMMON_CASES: LanguageWording['cases'] = {
  'too-short': ({ e }) => ({
    title: 'Too short to matter',
    detail: `The run took ${s(e.totalWall)} with ${e.count} samples: start-up dominates and no change of concurrency model would be measurable. Profile a longer workload.`,
  }),
  'already-concurrent': ({ e, m }) => {
    const k = m.waitsStarted;
    return {
      title: 'Already concurrent',
      detail: `${timingSentence(e, m)} ${pct(e.waitShare)} of the run was waiting, with ${e.concurrency.toFixed(1)} waits in flight on average (up to ${m.io.max})${k ? ` for ${k} requests` : ''}: the waits already overlap. What remains is the latency of the slowest waits; make fewer or cheaper calls.`,
    };
  },
  'one-wait': ({ e, m }) => ({
    title: 'One wait: nothing to overlap',
    detail: `${timingSentence(e, m)}${waitSentence(e)} A single wait cannot overlap with another; concurrency would not shorten this run.`,
  }),
};

/** " The waits overlap only 2.0 at a time (a pool of that size) while 40 are independent." */
export function limitedSentence(e: Evidence, m: Measurement): string {
  return e.concurrency >= 1.5 ? ` The waits overlap only ${e.concurrency.toFixed(1)} at a time (a pool of that size) while ${m.waitsStarted} are independent.` : '';
}

export function ioPrefix(d: Decision): string {
  return d.classification === 'io-bound' ? 'I/O-bound: ' : 'Mostly waiting: ';
}

/** The loop-blocked verdict's evidence and the language's way out (`advice`). */
export function loopBlockedDetail({ d, e, m }: Said, advice: string): string {
  const top = m.waits.filter((w) => w.user && (w.kind === 'sync-call' || IO_KINDS.includes(w.kind)))[0];
  const lb = m.loop.events.reduce((a, ev) => Math.max(a, ev.ms), 0);
  const delay = m.loop.maxDelayMs ? `; the longest event-loop delay was ${s(m.loop.maxDelayMs)}` : lb ? `; the longest single block was ${s(lb)}` : '';
  return `${timingSentence(e, m)} The event loop was blocked for ${s(m.loop.blockedMs)} (${pct(d.loopBlockedShare ?? 0)} of the run) inside ` +
    `${top ? `\`${top.call}\` at ${where(top)}` : 'a blocking call'}${delay}. No other task or request runs meanwhile. ${advice}`;
}

/** Already parallel, the work spread over `workers` (worker processes, worker threads). */
export function alreadyParallel(workers: string) {
  return ({ e, m }: Said) => {
    const how = m.parallel.units >= 2
      ? `${s(m.parallel.cpuMs)} of the ${s(e.cpu)} of CPU ran in ${m.parallel.units} ${workers}`
      : `${m.process.threads} threads computed at once`;
    return {
      title: 'Already parallel',
      detail: `${timingSentence(e, m)} The work already runs in parallel (${how}; ${e.u.toFixed(1)} cores busy on average); with ${m.cores} cores there is little left to gain from more parallelism. Make the hot code itself cheaper.${cpuSentence(e.hot)}`,
    };
  };
}
