// Loop facts for JS/TS: how long a loop can run (its bound), whether it awaits, whether its
// iterations depend on each other (early exits, state carried into the condition), and what
// names an `await` reads. Rules BW201 and BW302 read these; they never see the AST.
import type { TSESTree } from '@typescript-eslint/types';
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
  const names = new Set<string>();
  forEachNode(node, (n, parent) => {
    if (n.type !== 'Identifier') return true;
    const isProperty = parent?.type === 'MemberExpression' && parent.property === n && !parent.computed;
    const isKey = parent?.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand;
    if (!isProperty && !isKey) names.add(n.name);
    return false;
  });
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
