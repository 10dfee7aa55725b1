// Both front ends on code nested far deeper than a recursive walk survives: every tree walk must
// use an explicit stack. Python through tree-sitter (which accepts such code); JavaScript through
// trees built deeper than its parser accepts on this thread (the walks must not depend on it).
import * as assert from 'node:assert/strict';
import type { TSESTree } from '@typescript-eslint/types';
import { analyzeSource, extractFacts, initAnalysis, runRules } from '../../server/analysis/engine';
import { extractJsFacts, JsTooDeepError, parseJs, type AnyNode } from '../../server/analysis/js/facts';
import type { Finding } from '../../server/analysis/types';

const at = (findings: Finding[]) => findings.map((f) => `${f.code}@${f.range.start.line + 1}:${f.range.start.character + 1}`);

/** `sum` with its left operand repeated `times` times by hand (`x + 1` -> `x + 1 + 1 + ...`): a
 * tree deeper than the parser accepts, built without it. */
function deepen<T extends TSESTree.BinaryExpression | TSESTree.LogicalExpression>(sum: T, times: number): T {
  let node = sum;
  for (let i = 0; i < times; i++) node = { ...sum, left: node };
  return node;
}

describe('deeply nested code', function () {
  this.timeout(60_000);
  before(() => initAnalysis());

  describe('Python (tree-sitter parses it; the walks, types and constants must follow)', () => {
    const DEPTH = 10_000;
    /** An async function whose first statement nests `time.sleep(2)` DEPTH deep. */
    const shapes: Record<string, string> = {
      'nested parentheses': `${'('.repeat(DEPTH)}time.sleep(2)${')'.repeat(DEPTH)}`,
      'nested lists': `${'['.repeat(DEPTH)}time.sleep(2)${']'.repeat(DEPTH)}`,
      'nested calls': `${'f('.repeat(DEPTH)}time.sleep(2)${')'.repeat(DEPTH)}`,
      'terms of a sum': `time.sleep(2)${' + 1'.repeat(DEPTH)}`,
      'subscripts': `time.sleep(2)${'[0]'.repeat(DEPTH)}`,
    };
    for (const [name, expression] of Object.entries(shapes)) {
      it(`finds the blocking call at the bottom of ${DEPTH.toLocaleString('en')} ${name}, whole and while editing`, () => {
        const text = `import time\n\nasync def handler():\n    y = ${expression}\n    time.sleep(1)\n`;
        const column = expression.indexOf('time.sleep(2)') + 9;
        const whole = runRules(extractFacts('/tmp/deep/whole.py', text, 'python'));
        assert.deepEqual(at(whole), [`BW101@4:${column}`, 'BW101@5:5']);
        // The editing path (incremental re-parse, reused statements).
        extractFacts('/tmp/deep/edited.py', text, 'python', true);
        const edited = runRules(extractFacts('/tmp/deep/edited.py', text.replace('time.sleep(1)', 'time.sleep(3)'), 'python', true));
        assert.deepEqual(at(edited), at(whole));
      });
    }

    it('evaluates a module constant of 10,000 terms and infers through 10,000-long attribute and method chains', () => {
      const text = [
        'import time',
        `TOTAL = ${Array(DEPTH).fill('1').join(' + ')}`,
        `chain = a${'.b'.repeat(DEPTH)}`,
        `calls = q${'.m()'.repeat(2_000)}`,
        'async def handler():',
        '    for i in range(TOTAL):',
        '        pass',
        '    time.sleep(1)',
        '',
      ].join('\n');
      const facts = extractFacts('/tmp/deep/constants.py', text, 'python');
      assert.equal(facts.constants?.TOTAL, DEPTH);
      assert.equal(facts.loops![0].bound, 'large');
      assert.deepEqual(at(runRules(facts)), ['BW201@6:5', 'BW101@8:5']);
    });

    it('describes loops whose iterable, condition, body and statements are thousands deep', () => {
      // The iterable's data, a collection consumed, a periodic test and guards of awaits, each
      // 10,000 deep; then 1,000 nested `if` blocks in a loop (CPython refuses 100, tree-sitter does not).
      const text = [
        'import asyncio',
        'import time',
        '',
        'async def handler(xs, stack, ready):',
        `    for x in sorted(xs)${' + [1]'.repeat(DEPTH)}:`,
        `        if ready${' and ready'.repeat(DEPTH)}:`,
        '            await asyncio.sleep(x)',
        '    while stack:',
        `        y = stack.pop()${' + 1'.repeat(DEPTH)}`,
        `        if (y % 1000)${' + 1'.repeat(DEPTH)} == 0:`,
        '            await asyncio.sleep(0)',
        '    while ready:',
        ...Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 2)}if ready:`),
        `${' '.repeat(1_002)}await asyncio.sleep(0)`,
        '    time.sleep(1)',
        '',
      ].join('\n');
      const facts = extractFacts('/tmp/deep/loops.py', text, 'python');
      const [overItems, consuming, nested] = facts.loops!;
      assert.deepEqual(overItems.iterableReads, ['xs']);
      assert.deepEqual(facts.awaits![0].guardReads, ['ready']);
      assert.equal(consuming.consumes, true);
      assert.equal(consuming.spins, false, 'the periodic test awaits in its branch');
      assert.equal(overItems.spins, true, 'the test of the `if` can be false');
      // Past the nesting limit statements are taken to await; the outer `if`s have no `else`.
      assert.equal(nested.spins, true);
      assert.equal(facts.calls!.at(-1)?.target, 'time.sleep');
    });
  });

  describe('JavaScript/TypeScript', () => {
    it('extracts facts from a tree 100,000 deep (a deep loop bound and an awaited deep sum)', () => {
      // Parsed shallow, then each `+ 1` is repeated by hand: no parser is involved in the depth.
      const text = [
        "const fs = require('fs');",
        'async function handler() {',
        "  for (let i = 0; i < 10 + 1; i++) { await fs.promises.readFile('y'); }",
        "  return await (fs.readFileSync('x') + 1);",
        '}',
        'module.exports = { handler };',
        '',
      ].join('\n');
      const program = parseJs(text, 'deep.js');
      const handler = program.body[1] as TSESTree.FunctionDeclaration;
      const loop = handler.body.body[0] as TSESTree.ForStatement;
      const ret = handler.body.body[1] as TSESTree.ReturnStatement;
      const test = loop.test as TSESTree.BinaryExpression;
      test.right = deepen(test.right as TSESTree.BinaryExpression, 100_000);
      const awaited = ret.argument as TSESTree.AwaitExpression;
      awaited.argument = deepen(awaited.argument as TSESTree.BinaryExpression, 100_000);

      const facts = extractJsFacts('/tmp/deep/deep.js', text, 'javascript', program as unknown as AnyNode as TSESTree.Program);
      assert.equal(facts.loops![0].bound, 'large', 'i < 10 + 1 + ... (100,001 ones) is a large constant bound');
      assert.deepEqual(facts.awaits![1].reads, ['fs']);
      assert.deepEqual(at(runRules(facts)), ['BW103@4:17']);
    });

    it('describes loops whose iterable, guards, awaits and statements are 100,000 deep', () => {
      const text = [
        "const fs = require('fs');",
        'async function handler(xs, stack, ready) {',
        "  for (const x of xs + 1) { if (ready && ready) { await fs.promises.readFile(x + 1); } }",
        '  while (stack.length) { const y = stack.shift() + 1; }',
        "  while (ready) { { if (ready) { await fs.promises.readFile('z'); } } }",
        "  fs.readFileSync('x');",
        '}',
        'module.exports = { handler };',
        '',
      ].join('\n');
      const program = parseJs(text, 'deep.js');
      const handler = program.body[1] as TSESTree.FunctionDeclaration;
      const [overItems, consuming, nested] = handler.body.body as [TSESTree.ForOfStatement, TSESTree.WhileStatement, TSESTree.WhileStatement];
      overItems.right = deepen(overItems.right as TSESTree.BinaryExpression, 100_000);
      const guarded = (overItems.body as TSESTree.BlockStatement).body[0] as TSESTree.IfStatement;
      guarded.test = deepen(guarded.test as TSESTree.LogicalExpression, 100_000);
      const awaited = (((guarded.consequent as TSESTree.BlockStatement).body[0] as TSESTree.ExpressionStatement).expression as TSESTree.AwaitExpression).argument as TSESTree.CallExpression;
      awaited.arguments[0] = deepen(awaited.arguments[0] as TSESTree.BinaryExpression, 100_000);
      const declarator = ((consuming.body as TSESTree.BlockStatement).body[0] as TSESTree.VariableDeclaration).declarations[0];
      declarator.init = deepen(declarator.init as TSESTree.BinaryExpression, 100_000);
      // 100,000 nested blocks around the `if` of the last loop.
      const block = nested.body as TSESTree.BlockStatement;
      for (let i = 0; i < 100_000; i++) block.body = [{ ...block, body: block.body }];

      const facts = extractJsFacts('/tmp/deep/loops.js', text, 'javascript', program);
      const loops = facts.loops!;
      assert.deepEqual(loops[0].iterableReads, ['xs']);
      assert.deepEqual(facts.awaits![0].guardReads, ['ready']);
      assert.deepEqual(facts.awaits![0].reads, ['fs', 'x']);
      assert.equal(loops[1].consumes, true);
      assert.equal(loops[2].spins, false, 'statements nested past the limit are taken to await');
      assert.deepEqual(at(runRules(facts)), ['BW302@3:51', 'BW103@6:3']);
    });

    it('says the parser refused code nested too deeply for this thread, not that it has a syntax error', () => {
      const text = `async function f(fs) {\n  return ${'('.repeat(5_000)}fs.readFileSync('x')${')'.repeat(5_000)};\n}\n`;
      assert.throws(() => parseJs(text, 'deep.js'), JsTooDeepError);
      const result = analyzeSource('/tmp/deep/deep.js', text, 'javascript');
      assert.equal(result.syntaxError, undefined);
      assert.match(result.notAnalysed ?? '', /nested too deeply for the JavaScript\/TypeScript parser/);
    });
  });
});
