import { handedOverFunction } from './handoff';
import type { RawFinding, Rule } from './rule';

const IO_CODES = new Set(['BW101', 'BW102', 'BW103', 'BW104', 'BW105', 'BW106', 'BW107', 'BW110']);

export const bw303: Rule = {
  code: 'BW303',
  family: 'PROC-IO',
  name: 'io-work-on-processes',
  title: 'I/O-bound work handed to a process pool',
  defaultSeverity: 'information',
  docs: {
    whatItDoes:
      'Flags handing an I/O-bound function to processes: `ProcessPoolExecutor.map`/`submit`, `multiprocessing.Pool` methods, `multiprocessing.Process(target=...)`, `run_in_executor` with a process pool. A function is I/O-bound when it (or a workspace function it calls) reaches a blocking I/O call (HTTP, files, subprocess, sockets, database, sleep) and does no heavy computation. It points at the call that hands the work over.',
    whyIsThisBad:
      'A process costs start-up time, memory and the pickling of every argument and result. I/O-bound work spends its time waiting, which threads and asyncio overlap just as well at a fraction of the cost; the extra cores of a process pool sit idle.',
    example: {
      python: 'from concurrent.futures import ProcessPoolExecutor\nimport requests\n\ndef download(url):\n    return requests.get(url, timeout=10).content\n\nwith ProcessPoolExecutor() as pool:\n    pages = list(pool.map(download, urls))',
    },
    useInstead: {
      python: 'from concurrent.futures import ThreadPoolExecutor\n\nwith ThreadPoolExecutor(max_workers=16) as pool:\n    pages = list(pool.map(download, urls))\n\n# or asyncio with an async client (httpx.AsyncClient, aiohttp)',
    },
  },
  check(facts, context) {
    // Hand-offs to thread and process pools are facts of the Python front end only.
    const findings: RawFinding[] = [];
    for (const h of facts.handoffs ?? []) {
      if (h.pool !== 'process') continue;
      const work = handedOverFunction(facts, h, context.workspace);
      if (!work) continue;
      const reach = context.workspace.blockingReach(work.facts, work.fn);
      if (!reach || !IO_CODES.has(reach.code) || context.workspace.computesHeavily(work.facts, work.fn)) continue;
      // It calls a function it was given (`func(data)`): what the work costs is not known here.
      if (context.workspace.callsOf(work.facts, work.fn.id).some((c) => !c.target && !c.callee && /^[A-Za-z_]\w*$/.test(c.calleeText))) continue;
      findings.push({
        message: `\`${work.fn.name}\` is I/O-bound (it waits in \`${reach.target}\`) and \`${h.via}\` runs it in a process pool; threads or asyncio overlap the waits at a fraction of the cost.`,
        range: h.range,
        related: reach.steps.map((s, i) => ({ file: s.file, range: s.range, message: i === reach.steps.length - 1 ? `waits in \`${s.callee}\`` : `calls \`${s.callee}\`` })),
        data: { calleeText: h.via },
      });
    }
    return findings;
  },
};
