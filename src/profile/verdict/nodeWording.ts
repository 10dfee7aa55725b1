// How a verdict is said for a Node program: the table of cases (decide.ts) and their sentences.
import {
  alreadyParallel, COMMON_CASES, countedSentence, cpuSentence, ioPrefix, limitedSentence, loopBlockedDetail, pct, s, timingSentence, type LanguageWording, type NodeCases,
} from './wording';

export const NODE_WORDING: LanguageWording = {
  targets: { 'promise-api': 'the promise API', 'promise-all': 'Promise.all' },
  unmeasured: {
    processes: 'the cost of passing messages to workers',
    threads: "whether libuv's pool (4 threads by default, UV_THREADPOOL_SIZE) keeps every core busy",
    workers: 'the cost of passing messages to worker threads',
    children: 'whether the child processes are independent of one another',
  },
  cases: {
    ...COMMON_CASES,
    'loop-blocked': (x) => ({
      title: 'Move the blocking call off the event loop',
      detail: loopBlockedDetail(x, x.d.classification === 'cpu-bound'
        ? "Use the async API (zlib.gzip, crypto.pbkdf2 and fs's promise API run on libuv's thread pool, off the loop and on several cores) or worker_threads."
        : 'Use the promise API (fs/promises, util.promisify(exec)) so the loop keeps serving other work, and Promise.all to run independent calls together.'),
    }),
    'already-parallel': alreadyParallel('worker threads'),
    'serial-children': ({ e, m }) => ({
      title: 'Child processes computed one after another: run them side by side',
      detail: `${timingSentence(e, m)} ${m.children.started} child processes did the computing (${s(m.process.childCpuMs)} of CPU), never more than one at a time. Start them together (execFile through util.promisify, with Promise.all), up to ${m.cores} at once on ${m.cores} cores.`,
    }),
    cpu: ({ e, m }) => ({
      title: 'CPU-bound: move the computation to worker threads',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)} One JavaScript thread runs the event loop; while it computes nothing else runs${m.loop.maxDelayMs ? ` (event-loop delay up to ${s(m.loop.maxDelayMs)})` : ''}. worker_threads (a piscina pool) use the other ${m.cores - 1} core${m.cores - 1 === 1 ? '' : 's'}.`,
    }),
    'io-overlap': ({ d, e, m }) => ({
      title: `${ioPrefix(d)}run the independent awaits together`,
      detail: `${timingSentence(e, m)}${countedSentence(e, m)}${limitedSentence(e, m)} ${pct(e.waitShare)} of the run the event loop was idle, waiting. ` +
        'Awaiting in a loop runs the requests one after another; Promise.all (with a limit for large batches) overlaps them.',
    }),
    'mixed-blocked': ({ e, m }) => ({
      title: 'Mixed: the computing blocks the event loop',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)}${m.loop.maxDelayMs ? ` The event loop was delayed up to ${s(m.loop.maxDelayMs)}.` : ''} Move the computing to worker_threads so the loop keeps serving I/O.`,
    }),
    'mixed-async': ({ e, m }) => ({
      title: 'Mixed: overlap the independent awaits',
      detail: `${timingSentence(e, m)} ${pct(e.waitShare)} of the run the event loop was idle, waiting.${countedSentence(e, m)} Promise.all overlaps independent requests.`,
    }),
  } satisfies NodeCases,
};
