// How a verdict is said for a Python program: the table of cases (decide.ts) and their sentences.
import { alreadyParallel, COMMON_CASES, loopBlockedDetail, cpuSentence, ioPrefix, limitedSentence, pct, s, timingSentence, waitSentence, where, type LanguageWording } from './wording';

export const PYTHON_WORDING: LanguageWording = {
  targets: { 'off-loop': 'the calls off the loop', asyncio: 'asyncio', 'thread-pool': 'a thread pool', gather: 'asyncio.gather' },
  notCounted: 'process start-up and pickling are',
  cases: {
    ...COMMON_CASES,
    'loop-blocked': (x) => ({
      title: 'Move the blocking call off the event loop',
      detail: loopBlockedDetail(x, 'Use the async API (asyncio.sleep, an async HTTP client) or hand the call to a thread with `await asyncio.to_thread(...)`.'),
    }),
    'io-in-processes': ({ e, m }) => ({
      title: 'I/O-bound work in processes: use asyncio',
      detail: `${timingSentence(e, m)} The work ran in ${m.parallel.units > 1 ? `${m.parallel.units} worker processes` : 'worker processes'} that used ${s(m.process.childCpuMs)} of CPU in ${s(e.wall)}: they mostly waited. Processes pay start-up and pickling for no gain on I/O; one process with asyncio (or a thread pool) overlaps the waits.`,
    }),
    'already-parallel': alreadyParallel('worker processes'),
    cpu: ({ d, e, m }) => {
      const gil = d.gilTurns
        ? ` ${e.turnThreads} threads computed ${s(e.turnCpuMs)} between them but took turns on the GIL${e.gilMs > 0 ? ` (${s(e.gilMs)} of samples waiting for it)` : ''}: threads do not run Python code in parallel.`
        : e.gilMs > 0.1 * e.wall ? ` ${m.process.threads > 1 ? `${m.process.threads} threads` : 'Threads'} spent ${s(e.gilMs)} waiting for the GIL: threads do not run Python code in parallel.` : '';
      const loop = m.loop.kind === 'asyncio' && m.loop.busyCpuMs > 0.3 * e.wall ? ` The asyncio loop computed for ${s(m.loop.busyCpuMs)} inside tasks: awaiting a coroutine that never suspends does not yield.` : '';
      return {
        title: 'CPU-bound: use a process pool',
        detail: `${timingSentence(e, m)}${cpuSentence(e.hot)}${gil}${loop} One Python process runs Python code on one core at a time; a ProcessPoolExecutor with one process per core runs it on all ${m.cores}` +
          `${m.loop.kind === 'asyncio' ? ' (from asyncio: `await loop.run_in_executor(pool, work, data)`)' : ''}.`,
      };
    },
    'io-overlap': ({ d, e, m }) => {
      const useThreads = d.id === 'threads';
      return {
        title: `${ioPrefix(d)}${useThreads ? 'overlap the blocking calls with a thread pool' : 'overlap the waits with asyncio'}`,
        detail: `${timingSentence(e, m)}${waitSentence(e)}${limitedSentence(e, m)} ${pct(e.waitShare)} of the run was waiting. ` +
          (useThreads ? 'This library has a blocking API: a bounded ThreadPoolExecutor (or asyncio.to_thread) overlaps the waits; the GIL is released while they wait.'
            : 'asyncio overlaps thousands of waits in one thread (asyncio when you can, threads when you must).'),
      };
    },
    mixed: ({ e, m }) => ({
      title: 'Mixed: overlap the waits and spread the computing',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)}${waitSentence(e)} Both halves matter: asyncio overlaps the waits, and \`loop.run_in_executor(ProcessPoolExecutor(), ...)\` moves the computing to the other cores.`,
    }),
  },
};
