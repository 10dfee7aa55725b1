// How a verdict is said for a Node program: the table of cases (decide.ts) and their sentences.
import { alreadyParallel, COMMON_CASES, loopBlockedDetail, cpuSentence, ioPrefix, limitedSentence, pct, s, timingSentence, where, type LanguageWording } from './wording';

export const NODE_WORDING: LanguageWording = {
  targets: { 'promise-api': 'the promise API', 'promise-all': 'Promise.all' },
  notCounted: 'message passing is',
  cases: {
    ...COMMON_CASES,
    'loop-blocked': (x) => ({
      title: 'Move the blocking call off the event loop',
      detail: loopBlockedDetail(x, 'Use the promise API (fs/promises, util.promisify) so the loop keeps serving other work.'),
    }),
    'already-parallel': alreadyParallel('worker threads'),
    cpu: ({ e, m }) => ({
      title: 'CPU-bound: move the computation to worker threads',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)} One JavaScript thread runs the event loop; while it computes nothing else runs${m.loop.maxDelayMs ? ` (event-loop delay up to ${s(m.loop.maxDelayMs)})` : ''}. worker_threads (a piscina pool) use the other ${m.cores - 1} core${m.cores - 1 === 1 ? '' : 's'}.`,
    }),
    'io-overlap': ({ d, e, m }) => {
      const k = m.waitsStarted;
      return {
        title: `${ioPrefix(d)}run the independent awaits together`,
        detail: `${timingSentence(e, m)}${k ? ` ${k} requests ran with ${e.concurrency.toFixed(1)} in flight on average.` : ''}${limitedSentence(e, m)} ${pct(e.waitShare)} of the run the event loop was idle, waiting. ` +
          'Awaiting in a loop runs the requests one after another; Promise.all (with a limit for large batches) overlaps them.',
      };
    },
    'mixed-blocked': ({ e, m }) => ({
      title: 'Mixed: the computing blocks the event loop',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)}${m.loop.maxDelayMs ? ` The event loop was delayed up to ${s(m.loop.maxDelayMs)}.` : ''} Move the computing to worker_threads so the loop keeps serving I/O.`,
    }),
    'mixed-async': ({ e, m }) => ({
      title: 'Mixed: overlap the independent awaits',
      detail: `${timingSentence(e, m)} ${pct(e.waitShare)} of the run the event loop was idle, waiting.${m.waitsStarted ? ` ${m.waitsStarted} requests ran with ${e.concurrency.toFixed(1)} in flight on average.` : ''} Promise.all overlaps independent requests.`,
    }),
  },
};
