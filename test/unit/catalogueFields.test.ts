// The catalogue is data: an entry's fields say when its call does not block, and the BLOCKING
// check reads them generically. These tests teach a copy of the Python catalogue APIs it has never
// heard of (one entry each, no rule edited) and check, on facts extracted from real source, that
// the check honours each field.
import * as assert from 'node:assert/strict';
import type { BlockingApi, Catalogue } from '../../server/analysis/catalogue';
import { PYTHON_CATALOGUE } from '../../server/analysis/python/catalogue';
import { PYTHON_SUPPORT } from '../../server/analysis/python/language';
import { extractFacts, initAnalysis, runRules } from '../../server/analysis/engine';
import { blockingApiIn } from '../../server/analysis/rules/blocking';
import type { SourceFacts } from '../../server/analysis/types';
import { lines } from './helpers';

/** The Python catalogue plus `entries`, leaving the real one as it is. */
function withEntries(entries: BlockingApi[]): Catalogue {
  const added = new Map(entries.map((e) => [e.name, e]));
  return { ...PYTHON_CATALOGUE, entries: new Map([...PYTHON_CATALOGUE.entries, ...added]), lookup: (t) => added.get(t) ?? PYTHON_CATALOGUE.lookup(t) };
}

/** The calls of `async def f()` in `source` with what the catalogue makes of each: `text -> code`. */
async function verdicts(catalogue: Catalogue, source: string): Promise<string[]> {
  await initAnalysis();
  const facts: SourceFacts = extractFacts('/tmp/catalogue-fields/a.py', source, 'python');
  return facts.calls
    .filter((c) => c.functionId !== undefined && facts.functions[c.functionId].name === 'f')
    .map((c) => `${source.split('\n')[c.range.start.line].trim()} -> ${blockingApiIn(catalogue, c, undefined, facts)?.code ?? 'no finding'}`);
}

describe('catalogue fields: one entry teaches the BLOCKING check an API, no rule edit', () => {
  it('an API the catalogue does not list is no finding', async () => {
    const source = lines('import pollster', 'async def f():', '    pollster.wait_for_event(5)');
    assert.deepEqual(await verdicts(PYTHON_CATALOGUE, source), ['pollster.wait_for_event(5) -> no finding']);
  });

  it('doesNotBlockWhen: a keyword or a positional argument tells the call not to wait', async () => {
    const catalogue = withEntries([
      {
        name: 'pollster.wait_for_event',
        code: 'BW107',
        instead: '`await pollster.aio.wait_for_event(...)`',
        doesNotBlockWhen: [
          { keyword: 'nowait', value: /^True$/ },
          { arg: 1, value: /^0$/ },
        ],
      },
    ]);
    const source = lines(
      'import pollster',
      'async def f():',
      '    pollster.wait_for_event(5)',
      '    pollster.wait_for_event(5, nowait=True)',
      '    pollster.wait_for_event(5, nowait=False)',
      '    pollster.wait_for_event(5, 0)',
      '    pollster.wait_for_event(5, 2)',
    );
    assert.deepEqual(await verdicts(catalogue, source), [
      'pollster.wait_for_event(5) -> BW107',
      'pollster.wait_for_event(5, nowait=True) -> no finding',
      'pollster.wait_for_event(5, nowait=False) -> BW107',
      'pollster.wait_for_event(5, 0) -> no finding',
      'pollster.wait_for_event(5, 2) -> BW107',
    ]);
  });

  it('doesNotBlockWhen with unless, and anyArg: a condition that another argument cancels', async () => {
    const catalogue = withEntries([
      { name: 'archiver.load', code: 'BW103', instead: 'a thread', doesNotBlockWhen: [{ keyword: 'data', unless: [{ keyword: 'path' }, { arg: 0 }] }] },
      { name: 'resolver.lookup', code: 'BW105', instead: 'a thread', doesNotBlockWhen: [{ anyArg: true, value: /\bLITERAL_ONLY\b/ }] },
    ]);
    const source = lines(
      'import archiver, resolver',
      'async def f(buf):',
      '    archiver.load(data=buf)',
      '    archiver.load(data=buf, path="x")',
      '    archiver.load("x", data=buf)',
      '    resolver.lookup(host, flags=resolver.LITERAL_ONLY)',
      '    resolver.lookup(host)',
    );
    assert.deepEqual(await verdicts(catalogue, source), [
      'archiver.load(data=buf) -> no finding',
      'archiver.load(data=buf, path="x") -> BW103',
      'archiver.load("x", data=buf) -> BW103',
      'resolver.lookup(host, flags=resolver.LITERAL_ONLY) -> no finding',
      'resolver.lookup(host) -> BW105',
    ]);
  });

  it('blocksOnlyWhen: the call blocks only in the mode the argument names', async () => {
    const catalogue = withEntries([{ name: 'launcher.start', code: 'BW104', instead: 'a thread', blocksOnlyWhen: { arg: 0, value: /(^|\.)WAIT$/ } }]);
    const source = lines('import launcher', 'async def f():', '    launcher.start(launcher.WAIT, "ls")', '    launcher.start(launcher.DETACH, "ls")');
    assert.deepEqual(await verdicts(catalogue, source), ['launcher.start(launcher.WAIT, "ls") -> BW104', 'launcher.start(launcher.DETACH, "ls") -> no finding']);
  });

  it('waitsOnlyWhenShared: no wait on an object made here, unless it was made bounded', async () => {
    // `queue.Queue` objects have the catalogue type `queue.Queue`, so a new method of that type
    // shows the field applied to the object's maker.
    const catalogue = withEntries([
      {
        name: 'queue.Queue.put_many',
        code: 'BW107',
        instead: 'an `asyncio.Queue`',
        waitsOnlyWhenShared: { madeBy: ['queue.Queue'], unlessMadeWith: { keyword: 'maxsize', arg: 0, value: /^(?!0$)/ } },
      },
      { name: 'threading.Lock.acquire_all', code: 'BW107', instead: 'an `asyncio.Lock`', waitsOnlyWhenShared: { madeBy: ['threading.Lock'], inSameFunction: true } },
    ]);
    const source = lines(
      'import queue, threading',
      'SHARED = threading.Lock()',
      'async def f(items):',
      '    q = queue.Queue()',
      '    q.put_many(items)',
      '    b = queue.Queue(maxsize=10)',
      '    b.put_many(items)',
      '    z = queue.Queue(0)',
      '    z.put_many(items)',
      '    mine = threading.Lock()',
      '    mine.acquire_all()',
      '    SHARED.acquire_all()',
    );
    const found = (await verdicts(catalogue, source)).filter((v) => /put_many|acquire_all/.test(v));
    assert.deepEqual(found, [
      'q.put_many(items) -> no finding',
      'b.put_many(items) -> BW107',
      'z.put_many(items) -> no finding',
      'mine.acquire_all() -> no finding',
      'SHARED.acquire_all() -> BW107',
    ]);
  });

  it('through the rules: a new entry gives findings with its advice and fix, and its fields silence the rest', async () => {
    await initAnalysis();
    const source = lines(
      'import pollster',
      'pollster.load_tables()',
      'async def f():',
      '    pollster.wait_for_event(5)',
      '    pollster.wait_for_event(5, nowait=True)',
      '    pollster.lookup("x")',
    );
    const entries: BlockingApi[] = [
      { name: 'pollster.wait_for_event', code: 'BW107', instead: '`await pollster.aio.wait_for_event(...)`', doesNotBlockWhen: [{ keyword: 'nowait', value: /^True$/ }], fix: 'async-sleep' },
      // Loaded by the module-level `pollster.load_tables()`: cheap inside `f`.
      { name: 'pollster.lookup', code: 'BW103', instead: 'a thread', loadedByModuleLevelUseOf: 'pollster' },
    ];
    // The rules read the catalogue of the language's row; the real one is put back after.
    const real = PYTHON_SUPPORT.catalogue;
    PYTHON_SUPPORT.catalogue = withEntries(entries);
    try {
      const found = runRules(extractFacts('/tmp/catalogue-fields/rules.py', source, 'python')).map((f) => `${f.code}@${f.range.start.line + 1} ${f.data?.fix}: ${f.message}`);
      assert.deepEqual(found, [
        'BW107@4 async-sleep: pollster.wait_for_event blocks the event loop in async function f; use await pollster.aio.wait_for_event(...) instead.',
      ]);
    } finally {
      PYTHON_SUPPORT.catalogue = real;
    }
    assert.deepEqual(runRules(extractFacts('/tmp/catalogue-fields/rules.py', source, 'python')), [], 'the real catalogue does not know pollster');
  });
});
