// Loop facts for JS/TS: how long a loop can run (its bound; an index pass over a collection; what
// its iterable reads), whether it awaits and whether some path reaches the next iteration without
// an await, whether its iterations depend on each other (early exits, state carried into the
// condition, an await in the header, an order the iterable imposes, the conditions around an
// await), and what names an `await` reads. Rules BW201 and BW302 read these; they never see the AST.
import type { TSESTree } from '@typescript-eslint/types';
import { awaits, continues, ITERATION_START, joinFlows, leaves, MAX_FLOW_NESTING, spinsAtEnd, type Flow } from '../loopFlow';
import { LARGE_BOUND, type LoopFact } from '../types';
import type { AnyNode } from './facts';
import { forEachNode, NodeStack } from './walk';

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

/** `node` and the nodes under it outside nested functions (their loops and awaits are theirs). */
function walkSameFunction(node: AnyNode, fn: (n: AnyNode, parent: AnyNode | undefined) => boolean | void): void {
  forEachNode(node, (n, parent) => (n !== node && FUNCTION_TYPES.has(n.type) ? false : fn(n, parent)));
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
  // An explicit stack of [node, parent], popped in source order.
  const stack = new NodeStack<undefined>();
  stack.push(node, undefined, undefined);
  while (stack.pop()) {
    const { node: n, parent } = stack;
    if (isBound && (n.type === 'CallExpression' || n.type === 'NewExpression')) {
      const callee = n.callee;
      for (let i = n.arguments.length - 1; i >= 0; i--) stack.push(n.arguments[i], n, undefined);
      if (callee.type === 'MemberExpression') {
        if (callee.computed) stack.push(callee.property, callee, undefined);
        if (!(callee.object.type === 'Identifier' && !isBound(callee.object.name))) stack.push(callee.object, callee, undefined);
      } else if (callee.type !== 'Identifier') stack.push(callee, n, undefined);
      continue;
    }
    if (n.type === 'Identifier') {
      const isProperty = parent?.type === 'MemberExpression' && parent.property === n && !parent.computed;
      const isKey = parent?.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand;
      if (!isProperty && !isKey) names.add(n.name);
      continue;
    }
    stack.pushChildren(n, undefined);
  }
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

/** The value of a numeric constant expression (`1000`, `60 * 1000`, `-LIMIT`), evaluated with an
 * explicit stack: a constant of thousands of terms is still a constant, not a stack overflow. */
export function numericValue(node: AnyNode | null | undefined, constantOf?: ConstantOf): number | undefined {
  if (!node) return undefined;
  /** Expressions to evaluate, and operators to apply to the values evaluated last. */
  const work: Array<AnyNode | { negate: true } | { binary: string }> = [node];
  const values: Array<number | undefined> = [];
  while (work.length) {
    const item = work.pop()!;
    if ('negate' in item) {
      const v = values.pop();
      values.push(v === undefined ? undefined : -v);
    } else if ('binary' in item) {
      const r = values.pop();
      const l = values.pop();
      values.push(l === undefined || r === undefined ? undefined : arithmetic(item.binary, l, r));
    } else if (item.type === 'Literal' && typeof item.value === 'number') values.push(item.value);
    else if (item.type === 'Identifier') values.push(constantOf?.(item.name));
    else if (item.type === 'UnaryExpression' && item.operator === '-') work.push({ negate: true }, item.argument);
    // The left operand is evaluated first, so its value lies below the right one's.
    else if (item.type === 'BinaryExpression' && item.left.type !== 'PrivateIdentifier') work.push({ binary: item.operator }, item.right, item.left);
    else values.push(undefined);
  }
  return values[0];
}

function arithmetic(operator: string, l: number, r: number): number | undefined {
  if (operator === '*') return l * r;
  if (operator === '+') return l + r;
  if (operator === '-') return l - r;
  if (operator === '**') return l ** r;
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

/** Names a loop's body assigns that outlive one iteration (declared outside the loop), and
 * whether one of them is an accumulator: computed from its own value (`h = (h * 31 + b[i]) | 0`,
 * `sum += b[i]`, `n++`, `this.total += x`), not stored into by a key (`out[k] = v`, `seen[k]++`). */
export function loopCarriedAssignments(loop: LoopNode): { assigned: string[]; carriedIntoCondition: boolean; accumulates: boolean } {
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
  /** A name or a chain of named properties (`h`, `this.h`), not a keyed element (`out[k]`). */
  const unkeyed = (n: AnyNode): string | undefined => (n.type === 'Identifier' ? n.name : n.type === 'MemberExpression' && !n.computed ? unkeyed(n.object) : undefined);
  const accumulators = new Set<string>();
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
      const own = unkeyed(n.left);
      if (own && (n.operator !== '=' || (n.left.type === 'Identifier' && namesRead(n.right).includes(own)))) accumulators.add(own);
    } else if (n.type === 'UpdateExpression') {
      const name = target(n.argument);
      if (name) assigned.add(name);
      const own = unkeyed(n.argument);
      if (own) accumulators.add(own);
    }
  });
  for (const name of [...assigned]) if (declaredInside.has(name) || loopVariables.has(name)) assigned.delete(name);
  const accumulates = [...accumulators].some((name) => assigned.has(name));
  let carriedIntoCondition = false;
  if ((loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForStatement') && loop.test) {
    carriedIntoCondition = namesRead(loop.test).some((name) => stateful.has(name) && !declaredInside.has(name));
  }
  return { assigned: [...assigned].sort(), carriedIntoCondition, accumulates };
}

/** `fs` functions (and `fs.promises` methods) that rename or delete the file their first argument names. */
const SET_ASIDE_CALLS = new Set(['rename', 'renameSync', 'unlink', 'unlinkSync', 'rm', 'rmSync']);

/** A `catch` in the body renames or deletes the file of the item (`fs.renameSync(filePath,
 * \`${filePath}.invalid\`)`, with `filePath` the loop variable or declared from it): the loop
 * works through files in turn and sets aside each one that fails. */
export function setsAsideOnFailure(loop: LoopNode, items: ReadonlySet<string>): boolean {
  let found = false;
  walkSameFunction(loop.body, (handler) => {
    if (found) return false;
    if (handler.type !== 'CatchClause') return true;
    walkSameFunction(handler.body, (c) => {
      if (found || c.type !== 'CallExpression') return !found;
      const callee = c.callee;
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
      const first = c.arguments[0];
      found = !!name && SET_ASIDE_CALLS.has(name) && !!first && namesRead(first).some((n) => items.has(n));
      return !found;
    });
    return false;
  });
  return found;
}

/** True when the body leaves the loop early (`break` of this loop, `return`, `throw`): the iterations are a search, a retry or checks in order. */
export function loopExits(loop: LoopNode): boolean {
  // With each node, whether a loop or `switch` nested in this loop encloses it (a plain `break`
  // there ends only that one).
  const stack = new NodeStack<boolean>();
  stack.push(loop.body, loop, false);
  while (stack.pop()) {
    const { node: n, context: nestedBreakable } = stack;
    if (FUNCTION_TYPES.has(n.type)) continue;
    // `throw` ends the loop too (fail fast): the iterations are checks in order.
    if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement') return true;
    if (n.type === 'BreakStatement' && (n.label || !nestedBreakable)) return true;
    stack.pushChildren(n, nestedBreakable || LOOP_TYPES.has(n.type) || n.type === 'SwitchStatement');
  }
  return false;
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
      // A default value (`{ a = b }`) binds nothing.
      if (parent?.type === 'AssignmentPattern' && parent.right === n) return false;
      if (n.type === 'Identifier' && !(parent?.type === 'Property' && parent.key === n && !parent.shorthand)) names.push(n.name);
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
  const isCounter = (n: AnyNode): boolean => {
    // Down the left operands of `+`/`-` a constant (a loop: such a sum may be long).
    while (n.type === 'BinaryExpression' && (n.operator === '+' || n.operator === '-') && numericValue(n.right) !== undefined) n = n.left as AnyNode;
    return n.type === 'Identifier' && n.name === counter;
  };
  const other = isCounter(left) ? right : isCounter(right) ? left : undefined;
  const measured = other && lengthOf(other);
  if (measured) return measured;
  // Counting down from the last index.
  const start = loop.init?.type === 'VariableDeclaration' ? loop.init.declarations[0]?.init : loop.init?.type === 'AssignmentExpression' ? loop.init.right : undefined;
  return other && numericValue(other) !== undefined && start ? lengthOf(start) : undefined;
}

/** `xs.length`, `xs.length - 1`, `xs.size`: the collection measured. */
function lengthOf(node: AnyNode): AnyNode | undefined {
  while (node.type === 'BinaryExpression' && (node.operator === '-' || node.operator === '+') && numericValue(node.right) !== undefined) node = node.left;
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
  /** `a.b.c`, `this.buf`; `?` for an object that is neither a name nor `this`. Down the chain in a loop. */
  const text = (n: AnyNode): string | undefined => {
    const members: string[] = [];
    while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
      members.push(n.property.name);
      n = n.object;
    }
    const base = n.type === 'Identifier' ? n.name : n.type === 'ThisExpression' ? 'this' : undefined;
    return members.length ? [base ?? '?', ...members.reverse()].join('.') : base;
  };
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
  // An explicit stack; with each node, the conditions around it, innermost first. Their names are
  // read only at an await: reading them at every condition would take the square of a long
  // `a && b && ...` chain.
  const stack = new NodeStack<GuardChain | undefined>();
  stack.push(loop.body, loop, undefined);
  /** Pushes `children` of `n` last first, so that they pop in source order; `conditions[i]`: the
   * condition child `i` runs under, if any. */
  const later = (n: AnyNode, chain: GuardChain | undefined, children: Array<AnyNode | null | undefined>, conditions: Array<AnyNode | null | undefined>) => {
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      const condition = conditions[i];
      if (child) stack.push(child, n, condition ? { condition, outer: chain } : chain);
    }
  };
  while (stack.pop()) {
    const { node: n, context: chain } = stack;
    if (FUNCTION_TYPES.has(n.type) || (n !== loop.body && LOOP_TYPES.has(n.type))) continue;
    if (n.type === 'AwaitExpression') guards.set(n, namesOfChain(chain));
    switch (n.type) {
      case 'IfStatement':
      case 'ConditionalExpression':
        later(n, chain, [n.test, n.consequent, n.alternate], [undefined, n.test, n.test]);
        continue;
      case 'LogicalExpression':
        later(n, chain, [n.left, n.right], [undefined, n.left]);
        continue;
      case 'SwitchStatement':
        later(n, chain, [n.discriminant, ...n.cases], [undefined, ...n.cases.map(() => n.discriminant)]);
        continue;
    }
    stack.pushChildren(n, chain);
  }
  return guards;
}

/** The conditions around a node, innermost first. */
interface GuardChain {
  condition: AnyNode;
  outer: GuardChain | undefined;
}

/** The names the conditions of a chain read, the outermost condition's first. */
function namesOfChain(chain: GuardChain | undefined): string[] {
  const conditions: AnyNode[] = [];
  for (let link = chain; link; link = link.outer) conditions.push(link.condition);
  return conditions.reverse().flatMap((c) => namesRead(c));
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

/** `depth`: how many statements of the loop's body enclose `stmt` (see MAX_FLOW_NESTING). */
function flowOf(stmt: AnyNode, flow: Flow, depth = 0): Flow {
  if (!flow.reachable) return flow;
  if (depth >= MAX_FLOW_NESTING) return awaits(flow);
  switch (stmt.type) {
    case 'BlockStatement': {
      let f = flow;
      for (const s of stmt.body) f = flowOf(s, f, depth + 1);
      return f;
    }
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'BreakStatement':
      return leaves(flow);
    case 'ContinueStatement':
      return continues(flow);
    case 'LabeledStatement':
      return flowOf(stmt.body, flow, depth + 1);
    case 'IfStatement': {
      const entry = { ...flow, awaited: flow.awaited || containsAwait(stmt.test) };
      const then = flowOf(stmt.consequent, entry, depth + 1);
      // No `else`: the test can be false. A periodic test that awaits in its branch is the
      // every-Nth-iteration yield, not a spin.
      const otherwise = stmt.alternate ? flowOf(stmt.alternate, entry, depth + 1) : isPeriodic(stmt.test) && then.awaited ? then : entry;
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
            f = flowOf(s, f, depth + 1);
          }
        }
        branches.push(f);
      }
      if (!stmt.cases.some((c) => c.test === null)) branches.push(entry);
      return joinFlows(branches);
    }
    case 'TryStatement': {
      const main = flowOf(stmt.block, flow, depth + 1);
      // An exception may leave the `try` block anywhere: the handler starts awaited only when the
      // block awaits somewhere (unsure: taken to yield).
      const handler = stmt.handler ? flowOf(stmt.handler.body, { ...flow, awaited: flow.awaited || containsAwait(stmt.block) }, depth + 1) : undefined;
      const joined = joinFlows(handler ? [main, handler] : [main]);
      if (!stmt.finalizer) return joined;
      const after = flowOf(stmt.finalizer, { ...joined, reachable: true }, depth + 1);
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
