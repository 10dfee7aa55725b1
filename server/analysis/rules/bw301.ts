import { handedOverFunction } from './handoff';
import type { RawFinding, Rule } from './rule';

export const bw301: Rule = {
  code: 'BW301',
  family: 'THREAD-CPU',
  name: 'cpu-work-on-threads',
  title: 'CPU-bound work handed to threads',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags handing a CPU-bound Python function to threads: `ThreadPoolExecutor.map`/`submit`, `threading.Thread(target=...)`, `asyncio.to_thread`, `run_in_executor` with a thread pool or the default executor, `multiprocessing.pool.ThreadPool`. A function is CPU-bound when it (or a workspace function it calls) loops over a non-constant or large count, nests loops over data, or recurses, and reaches no blocking I/O. It points at the call that hands the work over.',
    whyIsThisBad:
      'The GIL lets one thread run Python bytecode at a time. Threads overlap waiting, not computing: pure-Python CPU work on N threads takes as long as on one, often a little longer because of the switching. Processes have one interpreter each and run in parallel.',
    example: {
      python: 'from concurrent.futures import ThreadPoolExecutor\n\ndef checksum(n):\n    total = 0\n    for i in range(n):\n        total = (total * 31 + i) % 1_000_003\n    return total\n\nwith ThreadPoolExecutor() as pool:\n    results = list(pool.map(checksum, sizes))',
    },
    useInstead: {
      python: 'from concurrent.futures import ProcessPoolExecutor\n\nif __name__ == "__main__":\n    with ProcessPoolExecutor() as pool:\n        results = list(pool.map(checksum, sizes))',
    },
  },
  check(facts, context) {
    // Hand-offs to thread and process pools are facts of the Python front end only.
    const findings: RawFinding[] = [];
    for (const h of facts.handoffs ?? []) {
      if (h.pool !== 'thread') continue;
      const work = handedOverFunction(facts, h, context.workspace);
      if (!work) continue;
      if (!context.workspace.isCpuHeavy(work.facts, work.fn) || context.workspace.blockingReach(work.facts, work.fn)) continue;
      findings.push({
        message: `\`${work.fn.name}\` is CPU-bound Python and \`${h.via}\` runs it on threads, which the GIL serialises; use a process pool (\`ProcessPoolExecutor\`) instead.`,
        range: h.range,
        data: { calleeText: h.via },
      });
    }
    return findings;
  },
};
