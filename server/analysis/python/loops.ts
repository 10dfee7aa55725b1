// Loop facts for Python: how long a loop can run (its bound: `range(10**6)`, `while True`, a
// literal's length, a clock), whether it awaits (an `await`, an `async for`, a `yield` in an async
// generator), whether its iterations depend on each other (early exits, names assigned in the body
// and read by an await), and which names an expression reads. Rules BW201 and BW302 read these;
// they never see the tree.
import { LARGE_BOUND, type LoopFact, type Range, type WorkspaceRef } from '../types';
import { lookupBinding, SCOPE_NODES, type Scope } from './scopes';
import { forEachDescendant, pushChildren, type SyntaxNode as Node } from './syntax';

export const LOOP_NODES = new Set(['for_statement', 'while_statement']);
// Generator expressions are lazy: their awaits run one per item as the consumer pulls.
export const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const CLOCKS = /\b(time|monotonic|perf_counter|monotonic_ns|time_ns|perf_counter_ns|now|utcnow)\s*\(/;

/** The facts of a `for`/`while` loop or a comprehension. */
export function describeLoop(node: Node, id: number, functionId: number | undefined, parentLoopId: number | undefined, range: (n: Node) => Range, scope?: Scope): LoopFact {
  const isComprehension = COMPREHENSIONS.has(node.type);
  const isAsyncFor = node.type === 'for_statement' && node.children.some((c) => c?.type === 'async');
  const headerRange = range(node);
  headerRange.end = { line: headerRange.start.line, character: lineEnd(node) };
  let bound: LoopFact['bound'];
  let groups = false;
  let countRef: WorkspaceRef | undefined;
  const loopTargets = new Set<string>();
  if (node.type === 'while_statement') {
    const condition = node.childForFieldName('condition');
    bound = whileBound(condition);
  } else {
    const clause = isComprehension ? node.namedChildren.find((c) => c?.type === 'for_in_clause') ?? null : node;
    const right = clause?.childForFieldName('right') ?? null;
    bound = iterableBound(right, scope);
    if (bound === 'counted') countRef = importedCount(right, scope);
    groups = right?.type === 'call' && /(^|\.)groupby$/.test(right.childForFieldName('function')?.text ?? '');
    const left = clause?.childForFieldName('left');
    if (left) for (const n of identifiersIn(left)) loopTargets.add(n);
  }
  const body = isComprehension ? node : node.childForFieldName('body');
  const scan = { awaits: isAsyncFor, exits: false, assigned: new Set<string>() };
  if (node.type === 'while_statement') {
    const condition = node.childForFieldName('condition');
    if (condition && containsAwait(condition)) scan.awaits = true;
  }
  if (body) scanBody(body, scan);
  if (isComprehension && node.namedChildren.some((c) => c?.type === 'for_in_clause' && c.children.some((t) => t?.type === 'async'))) scan.awaits = true;
  return {
    id,
    functionId,
    parentLoopId,
    kind: isComprehension ? 'comprehension' : isAsyncFor ? 'async-for' : node.type === 'while_statement' ? 'while' : 'for',
    range: range(node),
    headerRange,
    bound,
    awaits: scan.awaits,
    exits: scan.exits,
    assigned: [...scan.assigned].filter((n) => !loopTargets.has(n)),
    targets: [...loopTargets],
    derived: node.type === 'for_statement' && body && !isAsyncFor ? derivedNames(body, loopTargets, scan.assigned, range) : undefined,
    endsByException: node.type === 'while_statement' && insideHandler(node),
    ...(groups ? { itemsExpire: true } : {}),
    ...(countRef ? { countRef } : {}),
  };
}

/** `range(N)` where N is a name another module binds (`from .settings import N`, `settings.N`). */
function importedCount(right: Node | null, scope?: Scope): WorkspaceRef | undefined {
  if (right?.type !== 'call' || right.childForFieldName('function')?.text !== 'range' || !scope) return undefined;
  const args = right.childForFieldName('arguments')?.namedChildren ?? [];
  const arg = args.length === 1 ? args[0] : undefined;
  const [head, attr, ...more] = arg?.type === 'identifier' || arg?.type === 'attribute' ? arg.text.split('.') : [];
  const binding = head !== undefined && !more.length ? lookupBinding(head, scope) : undefined;
  if (binding?.kind !== 'import') return undefined;
  if (attr === undefined) return { module: binding.module, name: binding.name };
  return { module: binding.module, name: binding.name ? `${binding.name}.${attr}` : attr };
}

/** Names the body's top-level statements bind once per iteration from the loop variables (and
 * names bound outside the loop): `url = base + item.id`. Read after that statement, they hold
 * this iteration's value, not loop-carried state. */
function derivedNames(body: Node, targets: Set<string>, assigned: Set<string>, range: (n: Node) => Range): Array<{ name: string; at: Range['start'] }> {
  const counts = new Map<string, number>();
  forEachDescendant(body, (c) => {
    if (SCOPE_NODES.has(c.type)) return false;
    if (c.type === 'assignment' || c.type === 'augmented_assignment') {
      const left = c.childForFieldName('left');
      if (left) for (const name of assignedNames(left)) counts.set(name, (counts.get(name) ?? 0) + (c.type === 'augmented_assignment' ? 2 : 1));
    } else if (c.type === 'named_expression') {
      const name = c.childForFieldName('name')?.text;
      if (name) counts.set(name, (counts.get(name) ?? 0) + 2);
    }
    return true;
  });
  const derived: Array<{ name: string; at: Range['start'] }> = [];
  const fresh = new Set<string>();
  for (const stmt of body.namedChildren) {
    const assignment = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (!stmt || assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'identifier' || !right || counts.get(left.text) !== 1) continue;
    const reads = readNames(right).filter((n) => !n.includes('.'));
    if (!reads.some((n) => targets.has(n) || fresh.has(n)) || reads.some((n) => assigned.has(n) && !fresh.has(n))) continue;
    fresh.add(left.text);
    derived.push({ name: left.text, at: range(stmt).end });
  }
  return derived;
}

/** The loop sits in the body of a `try` with an `except` clause naming a specific exception, or of
 * `with assertRaises(...)` / `pytest.raises(...)` / `contextlib.suppress(...)`, of its own
 * function: an exception is expected to end it. A bare `except:` or one for `Exception`,
 * `KeyboardInterrupt`, `CancelledError`... is error handling around a loop meant to run on. */
function insideHandler(loop: Node): boolean {
  for (let child = loop, parent = loop.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && child.type === 'block' && parent.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && expectsSpecificException(c.text)) && parent.childForFieldName('body')?.id === child.id) return true;
    if (parent.type === 'with_statement' && child.type === 'block' && /\b(assertRaises\w*|raises|suppress)\s*\(/.test(parent.children.find((c) => c?.type === 'with_clause')?.text ?? '')) return true;
  }
  return false;
}

/** The call sits in the body of a `try` whose `except` catches `BlockingIOError` (or ssl's
 * want-read/want-write): the descriptor is non-blocking and the code awaits readiness instead. */
const GENERIC_EXCEPTIONS = /^(?:\w+\.)*(?:Exception|BaseException|KeyboardInterrupt|SystemExit|GeneratorExit|CancelledError)$/;

/** `except (BlockingIOError, queue.Empty) as e:` names an exception other than the generic ones. */
function expectsSpecificException(clause: string): boolean {
  const header = /^except\*?([^:]*):/.exec(clause)?.[1].replace(/\bas\s+\w+\s*$/, '') ?? '';
  return (header.match(/[A-Za-z_][\w.]*/g) ?? []).some((name) => !GENERIC_EXCEPTIONS.test(name));
}

/** The column where the node's first line ends (the loop header's extent). */
function lineEnd(node: Node): number {
  const firstLine = node.text.split('\n', 1)[0];
  return node.startPosition.column + firstLine.length;
}

function whileBound(condition: Node | null): LoopFact['bound'] {
  if (!condition) return 'collection';
  if (condition.type === 'true') return 'unbounded';
  if (condition.type === 'integer' && Number(condition.text) !== 0) return 'unbounded';
  if (condition.type === 'false' || (condition.type === 'integer' && Number(condition.text) === 0)) return 'small';
  if (CLOCKS.test(condition.text)) return 'clock';
  return 'collection';
}

function iterableBound(right: Node | null, scope?: Scope): LoopFact['bound'] {
  if (!right) return 'collection';
  if (right.type === 'call') {
    const fn = right.childForFieldName('function')?.text;
    const args = right.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (fn === 'range' && args.length > 0 && args.length <= 3) {
      const values = args.map((a) => constantInt(a, scope));
      if (values.every((v) => v !== undefined)) {
        const [start, stop, step] = values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
        const count = step === 0 ? 0 : Math.max(0, Math.ceil((stop - start) / step));
        return count >= LARGE_BOUND ? 'large' : 'small';
      }
      return 'counted';
    }
    if (fn === 'itertools.count' || fn === 'count' || fn === 'itertools.repeat' || fn === 'itertools.cycle') return args.length <= 1 ? 'unbounded' : 'collection';
    // `{...}.items()`, `enumerate([...])`, `sorted((...))`: as long as the literal.
    const callee = right.childForFieldName('function');
    const over = callee?.type === 'attribute' && /^(items|keys|values)$/.test(callee.childForFieldName('attribute')?.text ?? '') ? callee.childForFieldName('object') : /^(enumerate|sorted|reversed|list|tuple|set)$/.test(fn ?? '') ? args[0] : undefined;
    return over && LITERALS.has(over.type) ? literalBound(over) : 'collection';
  }
  return LITERALS.has(right.type) ? literalBound(right) : 'collection';
}

const LITERALS = new Set(['tuple', 'list', 'set', 'string', 'concatenated_string', 'dictionary']);

function literalBound(literal: Node): LoopFact['bound'] {
  return literal.namedChildren.length >= LARGE_BOUND ? 'large' : 'small';
}

/** An integer literal or a constant arithmetic expression of them (`10 ** 6`, `1_000`); a name
 * bound once to a constant (`LOOPS = 5` in the function or the module) is followed up to four
 * names deep from `depth`. Evaluated with an explicit stack: a constant sum of thousands of terms
 * is still a constant, not a stack overflow. */
export function constantInt(node: Node, scope?: Scope, depth = 0): number | undefined {
  /** Expressions to evaluate, and operators to apply to the values evaluated last. */
  const work: Array<{ node: Node; scope?: Scope; depth: number } | { apply: 'negate' } | { apply: 'binary'; op: string | undefined }> = [{ node, scope, depth }];
  const values: Array<number | undefined> = [];
  while (work.length) {
    const item = work.pop()!;
    if ('apply' in item) {
      if (item.apply === 'negate') {
        const v = values.pop();
        values.push(v === undefined ? undefined : -v);
      } else {
        const b = values.pop();
        const a = values.pop();
        values.push(a === undefined || b === undefined ? undefined : arithmetic(item.op, a, b));
      }
      continue;
    }
    const { node: n, scope: s, depth: d } = item;
    if (n.type === 'identifier' && s && d < 4) {
      const binding = lookupBinding(n.text, s);
      if (binding?.kind === 'local' && binding.values?.length === 1) work.push({ node: binding.values[0].node, scope: binding.values[0].scope, depth: d + 1 });
      else values.push(undefined);
    } else if (n.type === 'integer') {
      const v = Number(n.text.replace(/_/g, ''));
      values.push(Number.isFinite(v) ? v : undefined);
    } else if (n.type === 'unary_operator' && n.text.startsWith('-')) {
      const operand = n.namedChildren[0];
      if (operand) work.push({ apply: 'negate' }, { node: operand, scope: s, depth: d });
      else values.push(undefined);
    } else if (n.type === 'binary_operator') {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      // The left operand is evaluated first, so its value lies below the right one's.
      if (l && r) work.push({ apply: 'binary', op: n.childForFieldName('operator')?.text }, { node: r, scope: s, depth: d }, { node: l, scope: s, depth: d });
      else values.push(undefined);
    } else if (n.type === 'parenthesized_expression' && n.namedChildren[0]) work.push({ node: n.namedChildren[0], scope: s, depth: d });
    else values.push(undefined);
  }
  return values[0];
}

function arithmetic(op: string | undefined, a: number, b: number): number | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '**': return a ** b;
    case '//': return b ? Math.floor(a / b) : undefined;
    default: return undefined;
  }
}

function scanBody(body: Node, scan: { awaits: boolean; exits: boolean; assigned: Set<string> }): void {
  // An explicit stack, not recursion; with each node, how many loops nested in the scanned one
  // enclose it (a `break` there ends only those).
  const stack: Array<[Node, number]> = [];
  const pushChildren = (node: Node, loopDepth: number): void => {
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (!SCOPE_NODES.has(children[i].type)) stack.push([children[i], loopDepth]);
  };
  pushChildren(body, 0);
  while (stack.length) {
    const [child, loopDepth] = stack.pop()!;
    switch (child.type) {
      case 'await':
      case 'yield': // an async generator suspends at every yield
        scan.awaits = true;
        break;
      case 'for_statement':
      case 'with_statement':
        if (child.children.some((c) => c?.type === 'async')) scan.awaits = true;
        break;
      case 'return_statement':
        scan.exits = true;
        break;
      case 'break_statement':
        if (loopDepth === 0) scan.exits = true;
        break;
      case 'assignment':
      case 'augmented_assignment': {
        const left = child.childForFieldName('left');
        if (left) for (const n of assignedNames(left)) scan.assigned.add(n);
        break;
      }
      case 'named_expression': {
        const name = child.childForFieldName('name');
        if (name) scan.assigned.add(name.text);
        break;
      }
    }
    pushChildren(child, loopDepth + (LOOP_NODES.has(child.type) ? 1 : 0));
  }
}

/** The names an assignment target binds or changes, left to right: `x`, `self.x`, the `d` of `d[k]`. */
function assignedNames(target: Node): string[] {
  const names: string[] = [];
  const stack = [target];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.type === 'identifier' || t.type === 'attribute') names.push(t.text);
    else if (t.type === 'subscript') {
      const value = t.childForFieldName('value');
      if (value) stack.push(value);
    } else pushChildren(stack, t);
  }
  return names;
}

function identifiersIn(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  const names: string[] = [];
  forEachDescendant(node, (n) => {
    if (n.type === 'identifier') names.push(n.text);
  });
  return names;
}

/** Names an expression reads: identifiers, and attribute chains on identifiers (`self.cursor`). */
export function readNames(node: Node): string[] {
  const out = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') out.add(n.text);
    else if (n.type === 'attribute' && /^[\w.]+$/.test(n.text)) {
      out.add(n.text);
      const obj = n.childForFieldName('object');
      if (obj) stack.push(obj);
    } else if (n.type === 'keyword_argument') {
      const value = n.childForFieldName('value');
      if (value) stack.push(value);
    } else pushChildren(stack, n);
  }
  return [...out];
}

/** Whether `node` is, or has outside nested functions and classes, a node of type `type`. */
function containsInItsScope(node: Node, type: 'await' | 'yield'): boolean {
  if (node.type === type) return true;
  let found = false;
  forEachDescendant(node, (n) => {
    if (found || SCOPE_NODES.has(n.type)) return false;
    found = n.type === type;
    return !found;
  });
  return found;
}

function containsAwait(node: Node): boolean {
  return containsInItsScope(node, 'await');
}

export function containsYield(node: Node): boolean {
  return containsInItsScope(node, 'yield');
}
