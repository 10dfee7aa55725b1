// The flame graph's views (media/flame.js, the script the report page runs) on trees the report
// embeds: runtime chains collapsed, slivers setting no rows, waiting left out, search totals,
// sandwich callers and callees, and figures formatted as the rest of the report formats them.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { flameGraphFromCpuProfile } from '../../src/report/flameGraph';
import { encodeFlameGraph } from '../../src/report/flameView';
import { formatMs, formatPercent } from '../../src/report/format';
import { findInTree, profileFromStacks, pythonProgram } from './fixtures';

interface Node {
  key: string;
  name: string;
  kind: string;
  line: number;
  shown: string;
  selfCpu: number;
  selfWait: number;
  totalCpu: number;
  totalWait: number;
  folded: number;
  innermost: string;
  children: Node[];
  parent: Node | null;
}
interface Placed {
  node: Node;
  x: number;
  w: number;
  depth: number;
}
interface FlameModel {
  decode(data: unknown): Node;
  collapseRuntime(tree: Node): Node;
  withoutWaiting(tree: Node): Node;
  layout(base: Node, minFraction: number, maxFrames?: number, maxRows?: number): Placed[] & { cut?: boolean };
  search(tree: Node, query: string): { matches: Node[]; cpu: number; wait: number };
  functionsOf(tree: Node): Array<{ key: string; name: string; selfCpu: number; selfWait: number; totalCpu: number; totalWait: number }>;
  sandwich(tree: Node, key: string): { callers: Node; callees: Node } | null;
  rowsOf(placed: Placed[]): number;
  total(n: Node): number;
  formatMs(ms: number): string;
  formatPercent(f: number): string;
}

// The page's own script, loaded as the webview loads it (it also exports itself for Node).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const flame = require(join(__dirname, '..', '..', '..', 'media', 'flame.js')) as FlameModel;

function treeOf(input: { profile: Parameters<typeof flameGraphFromCpuProfile>[0]; sampleOnCpu: boolean[] }): Node {
  return flame.decode(encodeFlameGraph(flameGraphFromCpuProfile(input.profile, { sampleOnCpu: input.sampleOnCpu, byFunction: true }), { script: '/home/ada/project/crawl.py' }));
}

function depthOf(n: Node): number {
  return n.children.reduce((d, c) => Math.max(d, 1 + depthOf(c)), 0);
}

const find = (n: Node, name: string) => findInTree(n, (c) => c.name === name);

describe('flame graph views (media/flame.js)', () => {
  it('collapses a 36-frame import chain through importlib and the standard library into one frame, keeping its time', () => {
    const tree = treeOf(pythonProgram());
    const imports = find(tree, '_find_and_load')!;
    assert.equal(imports.parent!.name, '<module>');
    assert.equal(depthOf(imports), 35, 'importlib and six standard-library modules deep');
    const collapsed = flame.collapseRuntime(tree);
    const chain = find(collapsed, '_find_and_load')!;
    assert.equal(depthOf(chain), 0, 'one frame for the whole import');
    assert.deepEqual([chain.name, chain.kind, chain.folded, chain.innermost], ['_find_and_load', 'runtime', 35, '<module>']);
    assert.equal(flame.total(collapsed), flame.total(tree), 'no time lost');
    assert.equal(flame.total(chain), 40);
    // Frames of the user's own code are never folded: fib's recursion stays.
    assert.equal(depthOf(find(collapsed, 'main')!), 3);
  });

  it('draws no row for frames narrower than the minimum: a deep 1-px stack does not set the height', () => {
    // 0.1% of the time in the 37-deep import stack: 1 px of a 1000-px graph.
    const tree = treeOf(pythonProgram(1));
    const minFraction = 2 / 1000; // 2 px
    const rows = flame.rowsOf(flame.layout(tree, minFraction));
    assert.equal(rows, 6, 'all, <module>, main and fib three deep');
    assert.equal(flame.rowsOf(flame.layout(tree, 0)), 38, 'drawn at any width it would set 38 rows');
  });

  it('cuts rows beyond maxRows and says so', () => {
    const placed = flame.layout(treeOf(pythonProgram()), 0, 4000, 10);
    assert.equal(flame.rowsOf(placed), 10);
    assert.equal(placed.cut, true);
    assert.equal(flame.layout(treeOf(pythonProgram()), 0, 4000, 100).cut, undefined);
  });

  it('leaves waiting out on request, keeping every on-CPU millisecond', () => {
    const tree = treeOf(pythonProgram());
    assert.deepEqual([tree.totalCpu, tree.totalWait], [400, 600]);
    const cpu = flame.withoutWaiting(tree);
    assert.deepEqual([cpu.totalCpu, cpu.totalWait], [400, 0]);
    assert.equal(find(cpu, 'fetch'), undefined, 'fetch only waited');
    assert.equal(find(tree, 'fetch')!.totalWait, 600);
  });

  it('search matches names and locations, case-insensitively, and never counts a match inside a match twice', () => {
    const tree = treeOf(pythonProgram());
    const fib = flame.search(tree, 'FIB');
    assert.equal(fib.matches.length, 3, 'fib at three depths (the shallow call merged with the first)');
    assert.equal(fib.cpu + fib.wait, 360, 'the outermost fib calls only');
    const socket = flame.search(tree, 'socket.py');
    assert.ok(socket.matches.some((n) => n.name === 'recv_into'));
    assert.equal(flame.search(tree, '').matches.length, 0);
  });

  it('sandwich: a recursive function counts once; callers are merged and inverted, callees merged', () => {
    // parse() called from two places; it calls tokenize().
    const app = '/a/app.py';
    const { profile, sampleOnCpu } = profileFromStacks([
      { stack: [['main', app, 1], ['load', app, 5], ['parse', app, 9], ['tokenize', app, 14]], ms: 30 },
      { stack: [['main', app, 1], ['reload', app, 7], ['parse', app, 9]], ms: 10 },
      { stack: [['main', app, 1], ['reload', app, 7], ['parse', app, 9], ['parse', app, 9], ['tokenize', app, 14]], ms: 20 },
    ]);
    const tree = flame.decode(encodeFlameGraph(flameGraphFromCpuProfile(profile, { sampleOnCpu })));
    const parse = flame.functionsOf(tree).find((f) => f.name === 'parse')!;
    assert.equal(parse.totalCpu, 60, 'the recursive call is not counted again');
    assert.equal(parse.selfCpu, 10);
    const s = flame.sandwich(tree, parse.key)!;
    assert.equal(flame.total(s.callees), 60);
    assert.deepEqual(s.callees.children.map((c) => [c.name, flame.total(c)]), [['tokenize', 30], ['parse', 20]]);
    assert.equal(flame.total(s.callers), 60);
    assert.deepEqual(s.callers.children.map((c) => [c.name, flame.total(c)]), [['load', 30], ['reload', 30]]);
    assert.deepEqual(s.callers.children[0].children.map((c) => [c.name, flame.total(c)]), [['main', 30]]);
    assert.equal(flame.sandwich(tree, 'nothing'), null);
  });

  it('formats durations and shares exactly as the report does', () => {
    for (const ms of [0, 0.04, 0.4, 1, 12.4, 999.6, 1000, 1234, 9999, 10_000, 73_100, 119_999, 120_000, 252_000, -5]) {
      assert.equal(flame.formatMs(ms), formatMs(ms), `${ms} ms`);
    }
    for (const f of [0, 0.001, 0.046, 0.0999, 0.1, 0.42, 0.995, 1, 1.72]) assert.equal(flame.formatPercent(f), formatPercent(f), String(f));
  });
});
