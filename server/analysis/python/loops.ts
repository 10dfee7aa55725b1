// Loop facts for Python: how long a loop can run (its bound: `range(10**6)`, `while True`, a
// literal's length, a clock; an index pass over a collection; what its iterable reads), whether it
// awaits (an `await`, an `async for`, a `yield` in an async generator) and whether some path reaches
// the next iteration without one, whether its iterations depend on each other (early exits, names
// assigned in the body and read by an await or by the conditions around it, an order the iterable
// imposes), and which names an expression reads. Rules BW201 and BW302 read these; they never see
// the tree.
import { awaits, continues, ITERATION_START, joinFlows, leaves, MAX_FLOW_NESTING, spinsAtEnd, type Flow } from '../loopFlow';
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
  let passOver: string[] | undefined;
  let iterableReads: string[] | undefined;
  let order: LoopFact['order'];
  const loopTargets = new Set<string>();
  if (node.type === 'while_statement') {
    const condition = node.childForFieldName('condition');
    bound = whileBound(condition);
    if (bound === 'collection' && condition) iterableReads = dataNames(condition, scope);
  } else {
    const clause = isComprehension ? node.namedChildren.find((c) => c?.type === 'for_in_clause') ?? null : node;
    const right = clause?.childForFieldName('right') ?? null;
    bound = iterableBound(right, scope);
    if (bound === 'counted') {
      countRef = importedCount(right, scope);
      const indexed = right && indexedCollection(right, scope);
      if (indexed) passOver = dataNames(indexed, scope);
      if (right) iterableReads = dataNames(right, scope);
    } else if (bound === 'collection' && right) iterableReads = dataNames(right, scope);
    groups = right?.type === 'call' && /(^|\.)groupby$/.test(right.childForFieldName('function')?.text ?? '');
    order = right ? orderOf(right) : undefined;
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
  const derived = node.type === 'for_statement' && body && !isAsyncFor ? derivedNames(body, loopTargets, scan.assigned, range) : undefined;
  const items = new Set([...loopTargets, ...(derived ?? []).map((d) => d.name)]);
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
    derived,
    endsByException: node.type === 'while_statement' && insideHandler(node),
    ...(groups ? { itemsExpire: true } : {}),
    ...(countRef ? { countRef } : {}),
    ...(passOver ? { passOver } : {}),
    ...(iterableReads ? { iterableReads } : {}),
    ...(order ? { order } : {}),
    ...(!isComprehension && body && !isAsyncFor ? { spins: reachesNextIterationWithoutAwait(body) } : {}),
    ...(!isComprehension && body && consumesCollection(body) ? { consumes: true } : {}),
    ...(!isComprehension && body && accumulates(body) ? { accumulates: true } : {}),
    ...(node.type === 'for_statement' && body && setsAsideOnFailure(body, items) ? { setsAsideFailures: true } : {}),
  };
}

/** The data an iterable (or a loop condition) reads: names and attribute chains, without the
 * functions it calls (`sorted`, `range`; `row.items()` reads `row`) and the modules it names
 * (`itertools.chain(a, b)` reads `a` and `b`). */
function dataNames(node: Node, scope?: Scope): string[] {
  const isModule = (name: string) => !!scope && lookupBinding(name.split('.')[0], scope)?.kind === 'import';
  return namesOf(node, true).filter((name) => !isModule(name));
}

/** `range(len(xs))`, `range(1, len(xs))`, `range(0, len(xs) - 1, 2)`, `range(len(xs) - 1, -1, -1)`:
 * the collection whose indices the loop walks, when every other argument is a constant. */
function indexedCollection(right: Node, scope?: Scope): Node | undefined {
  if (right.type !== 'call' || right.childForFieldName('function')?.text !== 'range') return undefined;
  const args = right.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
  let collection: Node | undefined;
  for (const arg of args) {
    if (constantInt(arg, scope) !== undefined) continue;
    const of = lengthOf(arg, scope);
    if (!of || collection) return undefined;
    collection = of;
  }
  return collection;
}

/** `len(xs)`, `len(xs) - 1`, `len(xs) + 1`: the collection measured. */
function lengthOf(node: Node, scope?: Scope): Node | undefined {
  // Down parentheses and the left operands of `+`/`-` a constant, in a loop (a sum may be long).
  for (;;) {
    if (node.type === 'parenthesized_expression' && node.namedChildren[0]) node = node.namedChildren[0];
    else if (node.type === 'binary_operator' && /^[-+]$/.test(node.childForFieldName('operator')?.text ?? '')) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right || constantInt(right, scope) === undefined) return undefined;
      node = left;
    } else break;
  }
  if (node.type !== 'call' || node.childForFieldName('function')?.text !== 'len') return undefined;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 1 && args[0] ? args[0] : undefined;
}

/** `sorted(...)`, `reversed(...)` (also inside `enumerate`/`list`): the code walks the items in an
 * order it chose; `as_completed(...)`: the awaits were started together already. */
function orderOf(right: Node): LoopFact['order'] {
  for (let node: Node | undefined = right; node?.type === 'call'; ) {
    const fn: string = node.childForFieldName('function')?.text ?? '';
    if (/(^|\.)as_completed$/.test(fn)) return 'completion';
    if (fn === 'sorted' || fn === 'reversed') return 'sorted';
    node = /^(enumerate|list|tuple|iter)$/.test(fn) ? node.childForFieldName('arguments')?.namedChildren[0] : undefined;
  }
  return undefined;
}

/** The body rebinds a name to a slice of itself (`data = data[n:]`) or pops from a collection
 * (`stack.pop()`, `queue.popleft()`): it works through that collection. */
function consumesCollection(body: Node): boolean {
  const consumes = (n: Node): boolean => {
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      return !!left && right?.type === 'subscript' && right.childForFieldName('value')?.text === left.text && right.namedChildren.some((c) => c?.type === 'slice');
    }
    return n.type === 'call' && /\.(pop|popleft|popitem)$/.test(n.childForFieldName('function')?.text ?? '');
  };
  return someInBody(body, consumes);
}

/** The body computes a name from its own value (`h = (h * 31 + data[i]) & M`, `total += x`,
 * `self.count += 1`): an accumulator, a fold of the data into one value. Storing into a
 * structure by key (`out[k] = v`, `seen[k] += 1`) is not one. */
function accumulates(body: Node): boolean {
  return someInBody(body, (n) => {
    const left = n.childForFieldName('left');
    if (!left || (left.type !== 'identifier' && left.type !== 'attribute')) return false;
    if (n.type === 'augmented_assignment') return true;
    const right = n.childForFieldName('right');
    return n.type === 'assignment' && left.type === 'identifier' && !!right && identifiersIn(right).includes(left.text);
  });
}

/** Functions of `os` and `shutil` (and their async twins, `aiofiles.os.rename`) that rename, move
 * or delete the file their first argument names. */
const SET_ASIDE_CALLS = /(^|\.)(os\.(rename|replace|remove|unlink)|shutil\.(move|rmtree))$/;
/** Path methods that rename or delete the file they are called on. */
const SET_ASIDE_METHODS = new Set(['rename', 'replace', 'unlink']);

/** An `except` in the body renames, moves or deletes the file of the item (`os.rename(path, path +
 * ".invalid")`, `path.unlink()`, with `path` the loop variable or bound from it): the loop works
 * through files in turn and sets aside each one that fails. */
function setsAsideOnFailure(body: Node, items: ReadonlySet<string>): boolean {
  const fromItem = (n: Node | null | undefined) => !!n && identifiersIn(n).some((x) => items.has(x));
  return someInBody(body, (handler) => {
    if (handler.type !== 'except_clause') return false;
    return someInBody(handler, (c) => {
      const callee = c.type === 'call' ? c.childForFieldName('function') : undefined;
      if (!callee) return false;
      if (SET_ASIDE_CALLS.test(callee.text)) return fromItem(c.childForFieldName('arguments')?.namedChildren[0]);
      return callee.type === 'attribute' && SET_ASIDE_METHODS.has(callee.childForFieldName('attribute')?.text ?? '') && fromItem(callee.childForFieldName('object'));
    });
  });
}

/** Some node of the body, outside nested functions and classes, passes `test`. */
function someInBody(body: Node, test: (n: Node) => boolean): boolean {
  if (SCOPE_NODES.has(body.type)) return false;
  if (test(body)) return true;
  let found = false;
  forEachDescendant(body, (n) => {
    if (found || SCOPE_NODES.has(n.type)) return false;
    found = test(n);
    return !found;
  });
  return found;
}

/** The test of an `if` that runs its branch every Nth iteration or every so often: a modulo or a
 * bit mask (`i % 1000 == 0`, `not n & 0xFFF`), or a clock (`time.monotonic() - last > 0.05`). */
function isPeriodic(condition: Node): boolean {
  if (CLOCKS.test(condition.text)) return true;
  const isModuloOrMask = (n: Node): boolean => {
    if (n.type !== 'binary_operator') return false;
    const op = n.childForFieldName('operator')?.text;
    const left = n.childForFieldName('left');
    return (op === '%' && !!left && left.type !== 'string' && left.type !== 'concatenated_string') || (op === '&' && n.childForFieldName('right')?.type === 'integer');
  };
  let found = isModuloOrMask(condition);
  forEachDescendant(condition, (n) => {
    if (found) return false;
    found = isModuloOrMask(n);
    return !found;
  });
  return found;
}

/** Some path through a loop's body reaches the next iteration (its end, or a `continue`) without
 * an `await`, `async for`, `async with` or `yield`. An `if` whose test is periodic counts as
 * awaiting when its branch awaits; a nested loop or a `try` that awaits somewhere counts as
 * awaiting (when unsure, the loop is taken to yield: no finding). */
function reachesNextIterationWithoutAwait(body: Node): boolean {
  return spinsAtEnd(flowOfBlock(body, ITERATION_START));
}

/** `depth`: how many blocks of the loop's body enclose `block` (see MAX_FLOW_NESTING). */
function flowOfBlock(block: Node, start: Flow, depth = 0): Flow {
  let flow = start;
  for (const stmt of block.namedChildren) {
    if (!stmt || !flow.reachable) break;
    flow = depth < MAX_FLOW_NESTING ? flowOfStatement(stmt, flow, depth + 1) : awaits(flow);
  }
  return flow;
}

function flowOfStatement(stmt: Node, flow: Flow, depth: number): Flow {
  const flowOf = (block: Node, start: Flow) => flowOfBlock(block, start, depth);
  switch (stmt.type) {
    case 'return_statement':
    case 'raise_statement':
    case 'break_statement':
      return leaves(flow);
    case 'continue_statement':
      return continues(flow);
    case 'if_statement': {
      const condition = stmt.childForFieldName('condition');
      const entry = { ...flow, awaited: flow.awaited || (!!condition && containsAwait(condition)) };
      const consequence = stmt.childForFieldName('consequence');
      const first = consequence ? flowOf(consequence, entry) : entry;
      const branches = [first];
      let hasElse = false;
      for (const alt of stmt.childrenForFieldName('alternative')) {
        const block = alt.type === 'elif_clause' ? alt.childForFieldName('consequence') : alt.childForFieldName('body');
        if (alt.type === 'else_clause') hasElse = true;
        if (block) branches.push(flowOf(block, entry));
      }
      // No `else`: the test can be false. A periodic test that awaits in its branch is the
      // every-Nth-iteration yield, not a spin.
      if (!hasElse) branches.push(condition && isPeriodic(condition) && first.awaited ? first : entry);
      return joinFlows(branches);
    }
    case 'for_statement':
    case 'while_statement':
      return stmt.children.some((c) => c?.type === 'async') || containsAwait(stmt) ? awaits(flow) : flow;
    case 'with_statement': {
      const awaited = flow.awaited || stmt.children.some((c) => c?.type === 'async') || containsAwait(stmt.children.find((c) => c?.type === 'with_clause') ?? stmt);
      const body = stmt.childForFieldName('body');
      return body ? flowOf(body, { ...flow, awaited }) : { ...flow, awaited };
    }
    case 'try_statement': {
      // An exception may leave the `try` body anywhere: a handler starts awaited only when the
      // body awaits somewhere (unsure: taken to yield).
      const body = stmt.childForFieldName('body');
      const main = body ? flowOf(body, flow) : flow;
      const handlerEntry = { ...flow, awaited: flow.awaited || (!!body && containsAwait(body)) };
      const branches: Flow[] = [];
      let finallyBlock: Node | undefined;
      let elseBlock: Node | undefined;
      for (const c of stmt.namedChildren) {
        if (!c) continue;
        if (c.type === 'except_clause' || c.type === 'except_group_clause') {
          const block = c.namedChildren.find((k) => k?.type === 'block');
          if (block) branches.push(flowOf(block, handlerEntry));
        } else if (c.type === 'else_clause') elseBlock = c.childForFieldName('body') ?? undefined;
        else if (c.type === 'finally_clause') finallyBlock = c.namedChildren.find((k) => k?.type === 'block') ?? undefined;
      }
      branches.unshift(elseBlock && main.reachable ? flowOf(elseBlock, main) : main);
      const joined = joinFlows(branches);
      if (!finallyBlock) return joined;
      const after = flowOf(finallyBlock, { ...joined, reachable: true });
      return { ...after, reachable: after.reachable && joined.reachable };
    }
    case 'match_statement': {
      const subject = stmt.childForFieldName('subject');
      const entry = { ...flow, awaited: flow.awaited || (!!subject && containsAwait(subject)) };
      const cases = (stmt.childForFieldName('body')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'case_clause');
      const branches = cases.map((c) => {
        const block = c.childForFieldName('consequence');
        return block ? flowOf(block, entry) : entry;
      });
      // No case may match.
      branches.push(entry);
      return joinFlows(branches);
    }
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
      return flow;
    default:
      return containsAwaitOrYield(stmt) ? awaits(flow) : flow;
  }
}

function containsAwaitOrYield(node: Node): boolean {
  return containsAwait(node) || containsYield(node);
}

/** Names read by the conditions that decide whether `node` (an `await`) runs, up to the loop or
 * comprehension around it: `if`/`elif` tests, the left side of `and`/`or`, the test of `a if c else b`. */
export function guardReads(node: Node): string[] {
  const out = new Set<string>();
  const add = (condition: Node | null | undefined): void => {
    if (condition) for (const n of readNames(condition)) out.add(n);
  };
  for (let child = node, parent = node.parent; parent && !SCOPE_NODES.has(parent.type) && !LOOP_NODES.has(parent.type) && !COMPREHENSIONS.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      // In a branch: its test and those of the `elif`s beside it decided.
      const condition = parent.childForFieldName('condition');
      if (condition?.id === child.id) continue;
      add(condition);
      for (const alt of parent.childrenForFieldName('alternative')) if (alt.id !== child.id && alt.type === 'elif_clause') add(alt.childForFieldName('condition'));
    } else if (parent.type === 'elif_clause') {
      const condition = parent.childForFieldName('condition');
      if (condition?.id !== child.id) add(condition);
    } else if (parent.type === 'boolean_operator' && parent.childForFieldName('right')?.id === child.id) {
      add(parent.childForFieldName('left'));
    } else if (parent.type === 'conditional_expression' && parent.namedChildren[1] && parent.namedChildren[1].id !== child.id) {
      add(parent.namedChildren[1]);
    }
  }
  return [...out];
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
function derivedNames(body: Node, targets: Set<string>, assigned: Set<string>, range: (n: Node) => Range): NonNullable<LoopFact['derived']> {
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
  const derived: NonNullable<LoopFact['derived']> = [];
  const fresh = new Set<string>();
  for (const stmt of body.namedChildren) {
    const assignment = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    if (!stmt || assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    // `url = base + x`, or unpacked: `kind, limit = entry.split(':')`.
    const names = left?.type === 'identifier' ? [left.text] : left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') ? identifiersIn(left) : [];
    if (!names.length || !right || names.some((n) => counts.get(n) !== 1)) continue;
    const reads = readNames(right).filter((n) => !n.includes('.'));
    if (!reads.some((n) => targets.has(n) || fresh.has(n)) || reads.some((n) => assigned.has(n) && !fresh.has(n))) continue;
    for (const name of names) {
      fresh.add(name);
      derived.push({ name, at: range(stmt).end, ...(right.type === 'await' ? { fromAwait: true } : {}) });
    }
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
  return namesOf(node, false);
}

/** `dataOnly`: leave out what calls name (`f` in `f(x)`, `row.items` in `row.items()`, keeping `row`). */
function namesOf(node: Node, dataOnly: boolean): string[] {
  const out = new Set<string>();
  // An explicit stack, popped in document order.
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (dataOnly && n.type === 'call') {
      const fn = n.childForFieldName('function');
      const from = fn?.type === 'attribute' ? fn.childForFieldName('object') : fn?.type === 'identifier' ? null : fn;
      const args = n.childForFieldName('arguments');
      if (args) stack.push(args);
      if (from) stack.push(from);
    } else if (n.type === 'identifier') out.add(n.text);
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
