// The async library a Python module is written for, and how each piece of advice is said in it.
// asyncio unless the module imports trio (and not asyncio) or anyio: advice and quick fixes that
// use asyncio would not run under trio, and anyio code means to run on either.
export type AsyncFramework = 'asyncio' | 'trio' | 'anyio';

export interface Idioms {
  module: string;
  sleep: string;
  toThread: string;
  /** How to start awaits together (BW302). */
  together: string;
  subprocess: string;
  sockets: string;
}

export const IDIOMS: Record<AsyncFramework, Idioms> = {
  asyncio: {
    module: 'asyncio',
    sleep: 'asyncio.sleep',
    toThread: 'asyncio.to_thread',
    together: '`asyncio.gather` (or a `TaskGroup`)',
    subprocess: '`await asyncio.create_subprocess_exec(...)`',
    sockets: 'asyncio streams (`asyncio.open_connection`)',
  },
  trio: {
    module: 'trio',
    sleep: 'trio.sleep',
    toThread: 'trio.to_thread.run_sync',
    together: 'a nursery (`async with trio.open_nursery() as nursery:` and `nursery.start_soon(...)`)',
    subprocess: '`await trio.run_process(...)`',
    sockets: 'trio streams (`await trio.open_tcp_stream(...)`) or `trio.socket`',
  },
  anyio: {
    module: 'anyio',
    sleep: 'anyio.sleep',
    toThread: 'anyio.to_thread.run_sync',
    together: 'a task group (`async with anyio.create_task_group() as tg:` and `tg.start_soon(...)`)',
    subprocess: '`await anyio.run_process(...)`',
    sockets: 'anyio streams (`await anyio.connect_tcp(...)`)',
  },
};

/** The idioms of the library a module's facts say it is written for. */
export function idiomsOf(facts: { asyncFramework?: AsyncFramework }): Idioms {
  return IDIOMS[facts.asyncFramework ?? 'asyncio'];
}

const imports = (module: string) => new RegExp(String.raw`^[ \t]*(?:import|from)[ \t]+${module}\b`, 'm');
const TRIO = imports('trio');
const ANYIO = imports('anyio');
const ASYNCIO = imports('asyncio');
const MENTIONS = /trio|anyio/;

export function asyncFrameworkOf(text: string): AsyncFramework {
  // One scan for either word first: the multi-line regexes try every line start, several times slower.
  if (!MENTIONS.test(text)) return 'asyncio';
  if (TRIO.test(text) && !ASYNCIO.test(text)) return 'trio';
  if (ANYIO.test(text)) return 'anyio';
  return 'asyncio';
}

/** A catalogue entry's advice (`instead`, written for asyncio) for a module using `framework`. */
export function adviceFor(code: string, instead: string, framework: AsyncFramework = 'asyncio'): string {
  if (framework === 'asyncio' || !/asyncio|\bloop\./.test(instead)) return instead;
  const idioms = IDIOMS[framework];
  if (code === 'BW101') return `\`await ${idioms.sleep}(...)\``;
  if (code === 'BW104') return `${idioms.subprocess} or \`await ${idioms.toThread}(...)\``;
  if (code === 'BW105') return `${idioms.sockets} or \`await ${idioms.toThread}(...)\``;
  return `\`await ${idioms.toThread}(...)\``;
}
