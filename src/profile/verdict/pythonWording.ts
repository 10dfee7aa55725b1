// How a verdict is said for a Python program: the table of cases (decide.ts) and their sentences.
import {
  alreadyParallel, COMMON_CASES, countedSentence, cpuSentence, ioPrefix, limitedSentence, loopBlockedDetail, mb, pct, s, timingSentence,
  waitsPhrase, waitSentence, type LanguageWording, type PythonCases,
} from './wording';

export const PYTHON_WORDING: LanguageWording = {
  targets: { 'off-loop': 'the calls off the loop', asyncio: 'asyncio', 'thread-pool': 'a thread pool', gather: 'asyncio.gather' },
  unmeasured: {
    processes: 'process start-up and the pickling of arguments and results',
    threads: 'whether the work splits into independent calls',
    workers: 'process start-up and the pickling of arguments and results',
    children: 'whether the child processes are independent of one another',
  },
  cases: {
    ...COMMON_CASES,
    'loop-blocked': (x) => ({
      title: 'Move the blocking call off the event loop',
      detail: loopBlockedDetail(x, 'Use the async API (asyncio.sleep, an async HTTP client) or hand the call to a thread with `await asyncio.to_thread(...)`.'),
    }),
    'drop-pool': ({ e, m }) => {
      const t = m.transfer;
      return {
        title: 'A process pool that waits on its data: drop the pool, or send less',
        detail: `${timingSentence(e, m)} The workers were sent ${mb(t?.toWorkersBytes ?? 0)} (${s(t?.toWorkersMs ?? 0)} of this process's CPU to pickle) and sent back ${mb(t?.fromWorkersBytes ?? 0)} (${s(t?.fromWorkersMs ?? 0)} to unpickle); ` +
          (e.workerSideMeasured
            ? `the workers spent ${s(e.workerTransferMs)} unpickling it and pickling their results, and ${s(e.workerWorkMs)} on the work itself. `
            : `their own work, less the unpickling on their side, was about ${s(e.workerWorkMs)} of CPU. `) +
          `Moving the data costs as much as the work, and the main thread spent ${s(m.poolMs)} in the pool. ` +
          'Do the work in this process, or send the workers less (file names or indexes, and let each load its own data).',
      };
    },
    'io-in-processes': ({ e, m }) => ({
      title: 'I/O-bound work in processes: use asyncio',
      detail: `${timingSentence(e, m)} The work ran in ${m.parallel.units > 1 ? `${m.parallel.units} worker processes` : 'worker processes'} that used ${s(m.process.childCpuMs)} of CPU in ${s(e.wall)}: they mostly waited. Processes pay start-up and pickling for no gain on I/O; one process with asyncio (or a thread pool) overlaps the waits.`,
    }),
    'already-parallel': alreadyParallel('worker processes'),
    'serial-children': ({ e, m }) => ({
      title: 'Child processes computed one after another: run them side by side',
      detail: `${timingSentence(e, m)} ${m.children.started} child processes did the computing (${s(m.process.childCpuMs)} of CPU), never more than one at a time: this run is serial, not parallel. ` +
        `Start them together (a ThreadPoolExecutor over subprocess.run, or asyncio.create_subprocess_exec with gather), up to ${m.cores} at once on ${m.cores} cores; a test runner has its own switch (\`pytest -n auto\`).`,
    }),
    'gil-released': ({ e, m }) => ({
      title: 'Computing in C code that releases the GIL: use threads',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)} ${pct(e.gilFreeShare ?? 0)} of the computing ran with the GIL released (C code such as hashlib, zlib or NumPy's BLAS): ` +
        `plain threads (a ThreadPoolExecutor) run it on all ${m.cores} cores, without starting processes or pickling the data.`,
    }),
    'builds-data': ({ e, m }) => ({
      title: 'CPU-bound, but the work builds data: processes would not pay',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)} The process grew by ${mb(e.builtBytes)} while it computed: the work builds data. ` +
        `Worker processes would have to pickle it all back, about ${s(e.sendBackMs)} against ${s(e.cpu)} of computing, so a process pool gains nothing. ` +
        'Build less (generators, arrays instead of lists of dicts), or give each worker a part of the job whose result stays small.',
    }),
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
      const counted = m.waitsStarted ? ` It made ${waitsPhrase(m)}${e.concurrency < 1.5 ? ', one at a time' : ''}.` : countedSentence(e, m);
      return {
        title: `${ioPrefix(d)}${useThreads ? 'overlap the blocking calls with a thread pool' : 'overlap the waits with asyncio'}`,
        detail: `${timingSentence(e, m)}${waitSentence(e)}${counted}${limitedSentence(e, m)} ${pct(e.waitShare)} of the run was waiting. ` +
          (useThreads ? 'This library has a blocking API: a bounded ThreadPoolExecutor (or asyncio.to_thread) overlaps the waits; the GIL is released while they wait.'
            : 'asyncio overlaps thousands of waits in one thread (asyncio when you can, threads when you must: a library with only a blocking API, like requests, overlaps on a ThreadPoolExecutor).'),
      };
    },
    mixed: ({ e, m }) => ({
      title: 'Mixed: overlap the waits and spread the computing',
      detail: `${timingSentence(e, m)}${cpuSentence(e.hot)}${waitSentence(e)} Both halves matter: asyncio overlaps the waits, and \`loop.run_in_executor(ProcessPoolExecutor(), ...)\` moves the computing to the other cores.`,
    }),
  } satisfies PythonCases,
};
