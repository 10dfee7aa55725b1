import * as assert from 'node:assert/strict';
import { analyzeSource } from '../../server/analysis/engine';
import { analyze, findingsIn, lines } from './helpers';

describe('BW101 blocking sleep', () => {
  describe('Python', () => {
    it('flags time.sleep inside async def at the call', async () => {
      const found = await analyze('a.py', lines('import time', '', 'async def f():', '    time.sleep(1)'));
      assert.equal(found.length, 1);
      assert.equal(found[0].code, 'BW101');
      assert.deepEqual(found[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 17 } });
      assert.match(found[0].message, /asyncio\.sleep/);
    });

    it('resolves every import form and alias', async () => {
      const src = lines(
        'import time as t',
        'from time import sleep as nap',
        'from time import sleep',
        'async def f():',
        '    t.sleep(1)',
        '    nap(2)',
        '    sleep(3)',
      );
      assert.deepEqual(await findingsIn('a.py', src), ['BW101@5:5', 'BW101@6:5', 'BW101@7:5']);
    });

    it('flags methods of classes and async defs nested in sync ones', async () => {
      const src = lines('import time', 'class C:', '    async def m(self):', '        time.sleep(1)', 'def outer():', '    async def inner():', '        time.sleep(1)');
      assert.deepEqual(await findingsIn('a.py', src), ['BW101@4:9', 'BW101@7:9']);
    });

    it('ignores sync code, module level, nested sync defs and lambdas', async () => {
      const src = lines(
        'import time',
        'time.sleep(1)',
        'def sync():',
        '    time.sleep(1)',
        'async def f():',
        '    def helper():',
        '        time.sleep(1)',
        '    cb = lambda: time.sleep(1)',
        '    await asyncio.to_thread(time.sleep, 1)',
        '    await asyncio.sleep(1)',
      );
      assert.deepEqual(await findingsIn('a.py', src), []);
    });

    it('ignores strings, comments and look-alikes', async () => {
      const src = lines(
        'import time',
        'async def f(clock):',
        '    s = "time.sleep(1)"',
        '    # time.sleep(1)',
        '    clock.sleep(1)',
        '    sleep(1)',
      );
      assert.deepEqual(await findingsIn('a.py', src), []);
    });

    it('does not resolve shadowed names', async () => {
      const src = lines(
        'import time',
        'from time import sleep',
        'async def f(time):',
        '    time.sleep(1)',
        'async def g():',
        '    sleep = make_sleeper()',
        '    sleep(1)',
      );
      assert.deepEqual(await findingsIn('a.py', src), []);
    });

    it('honours suppression comments on the line or the line above', async () => {
      const src = lines(
        'import time',
        'async def f():',
        '    time.sleep(1)  # boundwise: ignore[BW101]',
        '    # boundwise: ignore',
        '    time.sleep(2)',
        '    time.sleep(3)  # boundwise: ignore[BW102]',
      );
      assert.deepEqual(await findingsIn('a.py', src), ['BW101@6:5']);
    });

    it('still finds blocking calls in the valid parts of a file with syntax errors', async () => {
      const src = lines('import time', 'async def f():', '    time.sleep(1)', '    x = (', '', 'async def g():', '    time.sleep(2)');
      assert.deepEqual(await findingsIn('a.py', src), ['BW101@3:5', 'BW101@7:5']);
    });
  });

  describe('JavaScript and TypeScript', () => {
    it('flags Atomics.wait inside async functions, arrows and methods', async () => {
      const src = lines(
        'async function a(v) { Atomics.wait(v, 0, 0, 10); }',
        'const b = async (v) => { Atomics.wait(v, 0, 0); };',
        'class C { async m(v: Int32Array) { Atomics.wait(v, 0, 0); } }',
      );
      assert.deepEqual(await findingsIn('a.ts', src), ['BW101@1:23', 'BW101@2:26', 'BW101@3:36']);
    });

    it('ignores sync functions, module level, nested sync callbacks and shadowed Atomics', async () => {
      const src = lines(
        'Atomics.wait(v, 0, 0);',
        'function s(v) { Atomics.wait(v, 0, 0); }',
        'async function a(v) { setTimeout(() => Atomics.wait(v, 0, 0)); }',
        'async function b(Atomics) { Atomics.wait(1); }',
        'async function c(v) { const s = "Atomics.wait(v)"; // Atomics.wait(v)',
        '}',
      );
      assert.deepEqual(await findingsIn('a.js', src), []);
    });

    it('honours boundwise-ignore-next-line', async () => {
      const src = lines('async function a(v) {', '  // boundwise-ignore-next-line BW101', '  Atomics.wait(v, 0, 0);', '  Atomics.wait(v, 0, 0);', '}');
      assert.deepEqual(await findingsIn('a.js', src), ['BW101@4:3']);
    });

    it('parses JSX and TSX', async () => {
      const src = lines('async function App(v: Int32Array) { Atomics.wait(v, 0, 0); return <div>{"x"}</div>; }');
      assert.deepEqual(await findingsIn('a.tsx', src), ['BW101@1:37']);
    });

    it('reports a syntax error without throwing', async () => {
      const result = analyzeSource('a.ts', 'async function (', 'typescript');
      assert.ok(result.syntaxError);
      assert.deepEqual(result.findings, []);
    });
  });
});
