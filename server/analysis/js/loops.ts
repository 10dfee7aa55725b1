// Loop facts for JS/TS: how long a loop can run (its bound; an index pass over a collection; what
// its iterable reads), whether it awaits and whether some path reaches the next iteration without
// an await, whether its iterations depend on each other (early exits, state carried into the
// condition, an await in the header, an order the iterable imposes, the conditions around an
// await), and what names an `await` reads. Rules BW201 and BW302 read these; they never see the AST.
import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { awaits, continues, ITERATION_START, joinFlows, leaves, spinsAtEnd, type Flow } from '../loopFlow';
import { LARGE_BOUND, type LoopFact } from '../types';
import type { AnyNode } from './facts';

export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForOfStatement
  | TSESTree.ForInStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

const LOOP_TYPES = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isLoopNode(node: AnyNode): node is LoopNode {
  return LOOP_TYPES.has(node.type);
}

/** Children of a node, skipping nested functions (their loops and awaits are theirs). */
function forEachChild(node: AnyNode, fn: (child: AnyNode) => void): void {
  for (const key of visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child === 'object') fn(child as AnyNode);
    } else if (value && typeof value === 'object' && 'type' in value) fn(value as AnyNode);
  }
}

function walkSameFunction(node: AnyNode, fn: (n: AnyNode, parent: AnyNode | undefined) => boolean | void, parent?: AnyNode): void {
  if (fn(node, parent) === false) return;
  forEachChild(node, (child) => {
    if (!FUNCTION_TYPES.has(child.type)) walkSameFunction(child, fn, node);
  });
}

/** Identifiers read by an expression (not property names, not keys of object literals). */
export function namesRead(node: AnyNode): string[] {
  return identifiersRead(node);
}

/** The data an expression reads: identifiers, without the functions it calls and the globals
 * whose methods it calls (`Object.keys(a)` reads `a`; `row.values()` reads `row`). */
export function dataNames(node: AnyNode, isBound: (name: string) => boolean): string[] {
  return identifiersRead(node, isBound);
}

/** With `isBound`, the callees of calls are left out (and the unbound globals their methods hang from). */
function identifiersRead(node: AnyNode, isBound?: (name: string) => boolean): string[] {
  const names = new Set<string>();
  const walk = (n: AnyNode, parent: AnyNode | undefined): void => {
    if (isBound && (n.type === 'CallExpression' || n.type === 'NewExpression')) {
      const callee = n.callee;
      if (callee.type === 'MemberExpression') {
        if (!(callee.object.type === 'Identifier' && !isBound(callee.object.name))) walk(callee.object, callee);
        if (callee.computed) walk(callee.property, callee);
      } else if (callee.type !== 'Identifier') walk(callee, n);
      for (const a of n.arguments) walk(a, n);
      return;
    }
    if (n.type === 'Identifier') {
      const isProperty = parent?.type === 'MemberExpression' && parent.property === n && !parent.computed;
      const isKey = parent?.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand;
      if (!isProperty && !isKey) names.add(n.name);
      return;
    }
    forEachChild(n, (c) => walk(c, n));
  };
  walk(node, undefined);
  return [...names];
}

function isConstantTrue(test: AnyNode | null | undefined): boolean {
  if (!test) return true;
  return test.type === 'Literal' && !!test.value;
}

function readsClock(node: AnyNode): boolean {
  let found = false;
  walkSameFunction(node, (n) => {
    if (found) return false;
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const c = n.callee;
      const text =
        c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier'
          ? `${c.object.type === 'Identifier' ? c.object.name : c.object.type === 'MemberExpression' && c.object.property.type === 'Identifier' ? c.object.property.name : ''}.${c.property.name}`
          : c.type === 'Identifier'
            ? c.name
            : '';
      if (/^(Date\.now|performance\.now|process\.hrtime|hrtime\.bigint|process\.uptime)$/.test(text) || (n.type === 'NewExpression' && text === 'Date')) found = true;
    }
  });
  return found;
}

/** The value of a name in scope when it is a numeric constant (`const LIMIT = 100`). */
export type ConstantOf = (name: string) => number | undefined;

export function numericValue(node: AnyNode | null | undefined, constantOf?: ConstantOf): number | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
  if (node.type === 'Identifier') return constantOf?.(node.name);
  if (node.type === 'UnaryExpression' && node.operator === '-') {
    const v = numericValue(node.argument, constantOf);
    return v === undefined ? undefined : -v;
  }
  if (node.type === 'BinaryExpression' && node.left.type !== 'PrivateIdentifier') {
    const l = numericValue(node.left, constantOf);
    const r = numericValue(node.right, constantOf);
    if (l === undefined || r === undefined) return undefined;
    if (node.operator === '*') return l * r;
    if (node.operator === '+') return l + r;
    if (node.operator === '-') return l - r;
    if (node.operator === '**') return l ** r;
  }
  return undefined;
}

/** How long a loop can run (see LoopFact.bound). */
export function loopBound(loop: LoopNode, constantOf?: ConstantOf): LoopFact['bound'] {
  switch (loop.type) {
    case 'WhileStatement':
    case 'DoWhileStatement':
      if (isConstantTrue(loop.test)) return 'unbounded';
      return readsClock(loop.test) ? 'clock' : 'collection';
    case 'ForStatement': {
      if (!loop.test || isConstantTrue(loop.test)) return 'unbounded';
      if (readsClock(loop.test)) return 'clock';
      const test = loop.test;
      if (test.type === 'BinaryExpression' && /^[<>]=?$|^!==?$/.test(test.operator)) {
        // `i < N`, `N > i`, `i >= 0` counting down from a constant start.
        const counter = counterOf(loop);
        const right = test.right.type === 'Identifier' && test.right.name === counter ? undefined : numericValue(test.right, constantOf);
        const left = test.left.type === 'PrivateIdentifier' || (test.left.type === 'Identifier' && test.left.name === counter) ? undefined : numericValue(test.left, constantOf);
        let bound = right ?? left;
        if (bound === 0 && loop.init?.type === 'VariableDeclaration') bound = numericValue(loop.init.declarations[0]?.init, constantOf);
        if (bound === undefined) return 'counted';
        return Math.abs(bound) >= LARGE_BOUND ? 'large' : 'small';
      }
      return 'counted';
    }
    case 'ForOfStatement':
    case 'ForInStatement': {
      const right = loop.right;
      if (right.type === 'ArrayExpression' && right.elements.length < LARGE_BOUND) return 'small';
      if (right.type === 'ObjectExpression') return 'small';
      return 'collection';
    }
  }
  return 'collection';
}

/** The counter of a `for` loop: the name its init declares or assigns (`let i = 0`). */
function counterOf(loop: TSESTree.ForStatement): string | undefined {
  const init = loop.init;
  if (init?.type === 'VariableDeclaration') return init.declarations[0]?.id.type === 'Identifier' ? init.declarations[0].id.name : undefined;
  if (init?.type === 'AssignmentExpression' && init.left.type === 'Identifier') return init.left.name;
  return undefined;
}

/** The count of a `counted` `for` loop when it is a name or a member (`i < LIMIT`,
 * `i < config.LIMIT`): the workspace may know it as another module's constant. */
export function countExpression(loop: LoopNode): TSESTree.Identifier | TSESTree.MemberExpression | undefined {
  if (loop.type !== 'ForStatement' || loop.test?.type !== 'BinaryExpression' || loop.test.left.type === 'PrivateIdentifier') return undefined;
  const counter = counterOf(loop);
  const { left, right } = loop.test;
  const side = left.type === 'Identifier' && left.name === counter ? right : right.type === 'Identifier' && right.name === counter ? left : undefined;
  return side?.type === 'Identifier' || side?.type === 'MemberExpression' ? side : undefined;
}

/** Names a loop's body assigns that outlive one iteration (declared outside the loop). */
export function loopCarriedAssignments(loop: LoopNode): { assigned: string[]; carriedIntoCondition: boolean } {
  const declaredInside = new Set<string>();
  const loopVariables = new Set<string>();
  const declare = (pattern: AnyNode, into: Set<string>) => {
    walkSameFunction(pattern, (n) => {
      if (n.type === 'Identifier') into.add(n.name);
    });
  };
  if ((loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') && loop.left.type === 'VariableDeclaration') {
    for (const d of loop.left.declarations) declare(d.id, loopVariables);
  }
  if (loop.type === 'ForStatement' && loop.init?.type === 'VariableDeclaration') {
    for (const d of loop.init.declarations) declare(d.id, loopVariables);
  }
  walkSameFunction(loop.body, (n) => {
    if (n.type === 'VariableDeclarator') declare(n.id, declaredInside);
  });
  const assigned = new Set<string>();
  /** Assigned from something other than a step (`i++`, `i += 1`): state that a condition may follow. */
  const stateful = new Set<string>();
  const target = (n: AnyNode): string | undefined => {
    let t = n;
    while (t.type === 'MemberExpression') t = t.object;
    return t.type === 'Identifier' ? t.name : undefined;
  };
  walkSameFunction(loop.body, (n) => {
    if (n.type === 'AssignmentExpression') {
      const names: string[] = [];
      if (n.left.type === 'ObjectPattern' || n.left.type === 'ArrayPattern') walkSameFunction(n.left, (p) => void (p.type === 'Identifier' && names.push(p.name)));
      else {
        const name = target(n.left);
        if (name) names.push(name);
      }
      const isStep = (n.operator === '+=' || n.operator === '-=') && n.right.type === 'Literal';
      for (const name of names) {
        assigned.add(name);
        if (!isStep) stateful.add(name);
      }
    } else if (n.type === 'UpdateExpression') {
      const name = target(n.argument);
      if (name) assigned.add(name);
    }
  });
  for (const name of [...assigned]) if (declaredInside.has(name) || loopVariables.has(name)) assigned.delete(name);
  let carriedIntoCondition = false;
  if ((loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForStatement') && loop.test) {
    carriedIntoCondition = namesRead(loop.test).some((name) => stateful.has(name) && !declaredInside.has(name));
  }
  return { assigned: [...assigned].sort(), carriedIntoCondition };
}

/** True when the body leaves the loop early (`break` of this loop, `return`, `throw`): the iterations are a search, a retry or checks in order. */
export function loopExits(loop: LoopNode): boolean {
  let exits = false;
  const walk = (n: AnyNode, nestedBreakable: boolean): void => {
    if (exits || FUNCTION_TYPES.has(n.type)) return;
    // `throw` ends the loop too (fail fast): the iterations are checks in order.
    if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement') exits = true;
    else if (n.type === 'BreakStatement' && (n.label || !nestedBreakable)) exits = true;
    const nested = nestedBreakable || LOOP_TYPES.has(n.type) || n.type === 'SwitchStatement';
    forEachChild(n, (c) => walk(c, nested));
  };
  walk(loop.body, false);
  return exits;
}

/** True when the body awaits (anywhere outside nested functions), or the loop is `for await`. */
export function loopAwaits(loop: LoopNode): boolean {
  if (loop.type === 'ForOfStatement' && loop.await) return true;
  let found = false;
  walkSameFunction(loop, (n) => {
    if (found) return false;
    if (n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await)) found = true;
  });
  return found;
}

function containsAwait(node: AnyNode | null | undefined): boolean {
  if (!node) return false;
  let found = false;
  walkSameFunction(node, (n) => {
    if (found) return false;
    if (n.type === 'AwaitExpression' || n.type === 'YieldExpression' || (n.type === 'ForOfStatement' && n.await)) found = true;
  });
  return found;
}

/** The test or the update of a `for` loop awaits (`for (let i = 0; await more(i); i++)`): each
 * iteration waits for the previous one's answer to know whether to run. */
export function headerAwaits(loop: LoopNode): boolean {
  return loop.type === 'ForStatement' && (containsAwait(loop.test) || containsAwait(loop.update));
}

/** The names a loop binds for each iteration: `for (const [k, v] of m)`, `for (let i = 0; ...)`. */
export function loopTargets(loop: LoopNode): string[] {
  const names: string[] = [];
  const collect = (pattern: AnyNode) =>
    walkSameFunction(pattern, (n, parent) => {
      if (n.type === 'Identifier' && !(parent?.type === 'Property' && parent.key === n && !parent.shorthand) && !(parent?.type === 'AssignmentPattern' && parent.right === n)) names.push(n.name);
      if (n.type === 'AssignmentPattern') collect(n.left);
      return n.type === 'AssignmentPattern' ? false : undefined;
    });
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') {
    if (loop.left.type === 'VariableDeclaration') for (const d of loop.left.declarations) collect(d.id);
    else collect(loop.left);
  } else if (loop.type === 'ForStatement') {
    if (loop.init?.type === 'VariableDeclaration') for (const d of loop.init.declarations) collect(d.id);
    else if (loop.init?.type === 'AssignmentExpression' && loop.init.left.type === 'Identifier') names.push(loop.init.left.name);
  }
  return names;
}

/** Declarations at the top of the body that take this iteration's value from the loop's names
 * (`const url = base + item.id`), in order, with the node after which they hold it; for a `while`
 * loop, every declaration at the top of its body. */
export function derivedDeclarations(loop: LoopNode, targets: string[]): Array<{ name: string; after: AnyNode; fromAwait: boolean }> {
  // A `while` loop's item is what its body takes from the condition's data: every declaration.
  const everyDeclaration = loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement';
  const fresh = new Set(targets);
  const out: Array<{ name: string; after: AnyNode; fromAwait: boolean }> = [];
  const statements = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  for (const stmt of statements) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations) {
      if (!d.init || !(everyDeclaration || namesRead(d.init).some((n) => fresh.has(n)))) continue;
      // `const url = ...`, or destructured: `const { topic, partitions } = entry`.
      const names: string[] = [];
      walkSameFunction(d.id, (n, parent) => {
        if (n.type === 'Identifier' && !(parent?.type === 'Property' && parent.key === n && !parent.shorthand) && !(parent?.type === 'AssignmentPattern' && parent.right === n)) names.push(n.name);
      });
      for (const name of names) {
        fresh.add(name);
        out.push({ name, after: d, fromAwait: d.init.type === 'AwaitExpression' });
      }
    }
  }
  return out;
}

/** `i < xs.length`, `xs.length > i`, `i <= xs.length - 1`, `let i = xs.length - 1; i >= 0; i--`:
 * the collection whose indices a `for` loop walks. */
export function indexedCollection(loop: LoopNode): AnyNode | undefined {
  if (loop.type !== 'ForStatement' || loop.test?.type !== 'BinaryExpression' || loop.test.left.type === 'PrivateIdentifier') return undefined;
  const counter = counterOf(loop);
  const { left, right } = loop.test;
  // `i < n`, or `i + 1 < n` (pairs: `fields[i]`, `fields[i + 1]`).
  const isCounter = (n: AnyNode): boolean => (n.type === 'Identifier' && n.name === counter) || (n.type === 'BinaryExpression' && (n.operator === '+' || n.operator === '-') && isCounter(n.left as AnyNode) && numericValue(n.right) !== undefined);
  const other = isCounter(left) ? right : isCounter(right) ? left : undefined;
  const measured = other && lengthOf(other);
  if (measured) return measured;
  // Counting down from the last index.
  const start = loop.init?.type === 'VariableDeclaration' ? loop.init.declarations[0]?.init : loop.init?.type === 'AssignmentExpression' ? loop.init.right : undefined;
  return other && numericValue(other) !== undefined && start ? lengthOf(start) : undefined;
}

/** `xs.length`, `xs.length - 1`, `xs.size`: the collection measured. */
function lengthOf(node: AnyNode): AnyNode | undefined {
  if (node.type === 'BinaryExpression' && (node.operator === '-' || node.operator === '+') && numericValue(node.right) !== undefined) return lengthOf(node.left);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && (node.property.name === 'length' || node.property.name === 'size')) return node.object;
  return undefined;
}

/** The data the iterable of a loop reads (a `for...of`/`for...in` right side, the collection an
 * index pass walks, the count a `for` loop runs to, a `while` condition), when it is not a
 * constant. The loop's own counter is left out of its test. */
export function iterableReads(loop: LoopNode, bound: LoopFact['bound'], isBound: (name: string) => boolean): string[] | undefined {
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return dataNames(loop.right, isBound);
  const indexed = indexedCollection(loop);
  if (indexed) return dataNames(indexed, isBound);
  if (!loop.test || (bound !== 'collection' && bound !== 'counted')) return undefined;
  const counter = loop.type === 'ForStatement' ? counterOf(loop) : undefined;
  return dataNames(loop.test, isBound).filter((n) => n !== counter);
}

/** `for (const x of xs.sort(...))`, `.reverse()`, `.toSorted()`, `.toReversed()`: an order the code chose. */
export function iterableOrder(loop: LoopNode): LoopFact['order'] {
  if (loop.type !== 'ForOfStatement') return undefined;
  const right = loop.right;
  return right.type === 'CallExpression' && right.callee.type === 'MemberExpression' && !right.callee.computed && right.callee.property.type === 'Identifier' && /^(sort|reverse|toSorted|toReversed)$/.test(right.callee.property.name) ? 'sorted' : undefined;
}

/** The body rebinds a name to a slice of itself (`buf = buf.subarray(n)`) or takes items off a
 * collection (`queue.shift()`, `stack.pop()`): it works through that collection. */
export function consumesCollection(loop: LoopNode): boolean {
  let found = false;
  const text = (n: AnyNode): string | undefined => (n.type === 'Identifier' ? n.name : n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' ? `${text(n.object) ?? '?'}.${n.property.name}` : n.type === 'ThisExpression' ? 'this' : undefined);
  walkSameFunction(loop.body, (n) => {
    if (found) return false;
    if (n.type === 'AssignmentExpression' && n.operator === '=' && n.right.type === 'CallExpression' && n.right.callee.type === 'MemberExpression' && n.right.callee.property.type === 'Identifier' && /^(slice|subarray|substring|substr)$/.test(n.right.callee.property.name)) {
      const left = text(n.left);
      if (left !== undefined && left === text(n.right.callee.object)) found = true;
    } else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && n.callee.property.type === 'Identifier' && /^(shift|pop|splice)$/.test(n.callee.property.name)) found = true;
  });
  return found;
}

/** Names read by the conditions that decide whether each `await` of the body runs (`if` tests,
 * the left side of `&&`/`||`/`??`, a conditional's test, a `switch`'s discriminant). Awaits of
 * nested loops are left to those loops. */
export function awaitGuards(loop: LoopNode): Map<AnyNode, string[]> {
  const guards = new Map<AnyNode, string[]>();
  const walk = (n: AnyNode, names: string[]): void => {
    if (FUNCTION_TYPES.has(n.type) || (n !== loop.body && LOOP_TYPES.has(n.type))) return;
    if (n.type === 'AwaitExpression') guards.set(n, names);
    const visit = (child: AnyNode | null | undefined, more: AnyNode | null | undefined) => child && walk(child, more ? [...names, ...namesRead(more)] : names);
    switch (n.type) {
      case 'IfStatement':
        visit(n.test, undefined);
        visit(n.consequent, n.test);
        visit(n.alternate, n.test);
        return;
      case 'ConditionalExpression':
        visit(n.test, undefined);
        visit(n.consequent, n.test);
        visit(n.alternate, n.test);
        return;
      case 'LogicalExpression':
        visit(n.left, undefined);
        visit(n.right, n.left);
        return;
      case 'SwitchStatement':
        visit(n.discriminant, undefined);
        for (const c of n.cases) visit(c, n.discriminant);
        return;
    }
    forEachChild(n, (c) => walk(c, names));
  };
  walk(loop.body, []);
  return guards;
}

/** The test of an `if` that runs its branch every Nth iteration or every so often: a modulo or a
 * bit mask (`i % 1000 === 0`, `(n & 0xfff) === 0`), or a clock (`Date.now() - last > 50`). */
function isPeriodic(test: AnyNode): boolean {
  if (readsClock(test)) return true;
  let found = false;
  walkSameFunction(test, (n) => {
    if (found) return false;
    if (n.type === 'BinaryExpression' && (n.operator === '%' || n.operator === '&')) found = true;
  });
  return found;
}

/** Some path through a loop's body reaches the next iteration (its end, or a `continue`) without
 * an `await` (or `yield`, `for await`). An `if` whose test is periodic counts as awaiting when its
 * branch awaits; a nested loop or a `try` that awaits somewhere counts as awaiting (when unsure,
 * the loop is taken to yield: no finding). The test of a `while`/`for` that awaits counts too. */
export function reachesNextIterationWithoutAwait(loop: LoopNode): boolean {
  const headerAwaited = (loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForStatement') && (containsAwait(loop.test) || (loop.type === 'ForStatement' && containsAwait(loop.update)));
  if (headerAwaited || (loop.type === 'ForOfStatement' && loop.await)) return false;
  return spinsAtEnd(flowOf(loop.body, ITERATION_START));
}

function flowOf(stmt: AnyNode, flow: Flow): Flow {
  if (!flow.reachable) return flow;
  switch (stmt.type) {
    case 'BlockStatement': {
      let f = flow;
      for (const s of stmt.body) f = flowOf(s, f);
      return f;
    }
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
      return leaves(flow);
    case 'ContinueStatement':
      return continues(flow);
    case 'LabeledStatement':
      return flowOf(stmt.body, flow);
    case 'IfStatement': {
      const entry = { ...flow, awaited: flow.awaited || containsAwait(stmt.test) };
      const then = flowOf(stmt.consequent, entry);
      // No `else`: the test can be false. A periodic test that awaits in its branch is the
      // every-Nth-iteration yield, not a spin.
      const otherwise = stmt.alternate ? flowOf(stmt.alternate, entry) : isPeriodic(stmt.test) && then.awaited ? then : entry;
      return joinFlows([then, otherwise]);
    }
    case 'SwitchStatement': {
      const entry = { ...flow, awaited: flow.awaited || containsAwait(stmt.discriminant) };
      // Each case runs on into the next until a `break`, which leaves the switch (not the loop).
      const branches: Flow[] = [];
      for (let i = 0; i < stmt.cases.length; i++) {
        let f = entry;
        run: for (const c of stmt.cases.slice(i)) {
          for (const s of c.consequent) {
            if (!f.reachable || (s.type === 'BreakStatement' && !s.label)) break run;
            f = flowOf(s, f);
          }
        }
        branches.push(f);
      }
      if (!stmt.cases.some((c) => c.test === null)) branches.push(entry);
      return joinFlows(branches);
    }
    case 'TryStatement': {
      const main = flowOf(stmt.block, flow);
      // An exception may leave the `try` block anywhere: the handler starts awaited only when the
      // block awaits somewhere (unsure: taken to yield).
      const handler = stmt.handler ? flowOf(stmt.handler.body, { ...flow, awaited: flow.awaited || containsAwait(stmt.block) }) : undefined;
      const joined = joinFlows(handler ? [main, handler] : [main]);
      if (!stmt.finalizer) return joined;
      const after = flowOf(stmt.finalizer, { ...joined, reachable: true });
      return { ...after, reachable: after.reachable && joined.reachable };
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return containsAwait(stmt) ? awaits(flow) : flow;
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return flow;
    default:
      return containsAwait(stmt) ? awaits(flow) : flow;
  }
}
