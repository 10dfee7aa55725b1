// What the code around a blocking call shows about its cost (Python): the call runs once per
// process or per path (in the body of an `if` that fills the cache it tests, or that creates the
// path it found missing), its file is a kernel pseudo-file or one of the program's own, or it is
// a wait the code has just polled for, or a future that has finished. The rules do not report such
// calls (../rules/blocking).
import { lookupPythonBlocking, PYTHON_BLOCKING } from './catalogue';
import { lookupBinding, SCOPE_NODES, type Scope } from './scopes';
import { expressionTop, forEachDescendant, type SyntaxNode as Node } from './syntax';
import type { TypeInference } from './types';

const FILE_CODES = new Set(['BW103', 'BW109']);
/** Calls that make a path from their first argument and more. */
const PATH_BUILDERS = new Set(['os.path.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);
/** Calls that give the folder of a path of the program's own, or the same path another way. */
const OWN_FOLDER_CALLS = new Set(['os.path.dirname', 'os.path.abspath', 'os.path.realpath', 'os.path.normpath']);
const OWN_FOLDER_METHODS = new Set(['resolve', 'absolute', 'joinpath', 'with_name', 'with_suffix', 'with_stem']);
const FILE_CALLS = new Set(PYTHON_BLOCKING.filter((e) => FILE_CODES.has(e.code)).map((e) => e.name));

/** A catalogue call on a file: it names the file by its first argument, or (pathlib) by its receiver. */
function isFileCall(target: string | undefined): boolean {
  return !!target && (FILE_CALLS.has(target) || (lookupPythonBlocking(target) !== undefined && FILE_CODES.has(lookupPythonBlocking(target)!.code)));
}

/** Questions about the code around a call, answered with the file's scopes and types. */
export class CallSurroundings {
  constructor(private readonly types: TypeInference) {}

  /** The call runs once per process or per path (see CallFact `once`). */
  runsOnce(call: Node, scope: Scope): boolean {
    for (let child = expressionTop(call), parent = child.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
      if (parent.type === 'if_statement') {
        const condition = parent.childForFieldName('condition');
        const consequence = parent.childForFieldName('consequence');
        if (!condition) continue;
        if (consequence && child === consequence && (this.fillsCache(condition, consequence, scope) || this.createsMissing(condition, consequence, scope, true))) return true;
        // `if os.path.exists(p): ... else: create p`
        if (child.type === 'else_clause' && this.createsMissing(condition, child, scope, false)) return true;
      }
    }
    return false;
  }

  /** `if X is None: X = ...`, `if k not in CACHE: CACHE[k] = ...`, `if not self._x: self._x = ...`:
   * the test asks whether a long-lived value (a module global, an attribute of `self` or of a
   * class) is unset, and the body sets it. */
  private fillsCache(condition: Node, body: Node, scope: Scope): boolean {
    const state = unsetState(condition);
    return !!state && this.outlivesCall(state, scope) && (setsState(body, state.text) || someCall(body, (c) => this.callsSetter(c, state.text, scope)));
  }

  /** A call to a function of this module (`load()`, `self._load()`) whose body sets `state`. */
  private callsSetter(call: Node, state: string, scope: Scope): boolean {
    const callee = call.childForFieldName('function');
    if (!callee) return false;
    const def = this.types.definitionOf(callee, scope);
    const body = def?.childForFieldName('body');
    return !!body && setsState(body, state);
  }

  private outlivesCall(state: Node, scope: Scope): boolean {
    if (state.type === 'attribute') return true;
    if (state.type !== 'identifier') return false;
    if (scope.globals.has(state.text)) return true;
    const binding = lookupBinding(state.text, scope);
    // Bound outside this function (the module, an enclosing function): it outlives the call.
    return !!binding && !scope.bindings.has(state.text);
  }

  /** `if not os.path.exists(p):` (`missing`) or `if p.exists():` ... `else:` (not `missing`) whose
   * branch creates or writes `p`. */
  private createsMissing(condition: Node, branch: Node, scope: Scope, missing: boolean): boolean {
    let test = condition;
    while (test.type === 'parenthesized_expression' && test.namedChildren[0]) test = test.namedChildren[0];
    if (missing) {
      if (test.type !== 'not_operator') return false;
      const argument = test.childForFieldName('argument');
      if (!argument) return false;
      test = argument;
    }
    const path = this.queriedPath(test, scope);
    return !!path && someCall(branch, (c) => {
      const callee = c.childForFieldName('function');
      const target = callee ? this.types.resolveCallee(callee, scope)?.target : undefined;
      return isFileCall(target) && fileOf(c, target!)?.text === path;
    });
  }

  /** The text of the path an existence test asks about: `os.path.exists(p)` or `p.exists()`. */
  private queriedPath(test: Node, scope: Scope): string | undefined {
    if (test.type !== 'call') return undefined;
    const callee = test.childForFieldName('function');
    const target = callee ? this.types.resolveCallee(callee, scope)?.target : undefined;
    if (!target || !/^(os\.path\.(exists|lexists|isfile|isdir)|pathlib\.Path\.(exists|is_file|is_dir))$/.test(target)) return undefined;
    return fileOf(test, target)?.text;
  }

  /** The file a call works on is a kernel pseudo-file (`/proc`, `/sys`: answered from memory) or
   * one of the program's own (a path made of the module's location and literals). */
  cheapFile(call: Node, target: string | undefined, scope: Scope): boolean {
    if (!isFileCall(target)) return false;
    const file = fileOf(call, target!);
    return !!file && (/^\/(proc|sys)\//.test(this.staticPrefix(file, scope, 0) ?? '') || this.ownFile(file, scope, 0));
  }

  /** The literal text a string expression starts with: `"/proc/" + pid`, `f"/sys/{x}"`,
   * `os.path.join("/proc", pid)`, `Path("/proc") / x`, through names bound once. */
  staticPrefix(node: Node, scope: Scope, depth: number): string | undefined {
    if (depth > 4) return undefined;
    switch (node.type) {
      case 'string': {
        let text = '';
        for (const c of node.namedChildren) {
          if (c?.type === 'string_content') text += c.text;
          else if (c?.type === 'interpolation') break;
        }
        return text;
      }
      case 'concatenated_string':
        return node.namedChildren[0] ? this.staticPrefix(node.namedChildren[0], scope, depth) : undefined;
      case 'parenthesized_expression':
        return node.namedChildren[0] ? this.staticPrefix(node.namedChildren[0], scope, depth) : undefined;
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const op = node.childForFieldName('operator')?.text;
        const prefix = left && (op === '+' || op === '/' || op === '%') ? this.staticPrefix(left, scope, depth) : undefined;
        return op === '%' ? prefix?.split('%')[0] : prefix;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        const first = node.childForFieldName('arguments')?.namedChildren[0];
        if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') {
          const object = callee.childForFieldName('object');
          return object ? this.staticPrefix(object, scope, depth)?.split('{')[0] : undefined;
        }
        const target = callee ? this.types.resolveCallee(callee, scope)?.target : undefined;
        return first && target && PATH_BUILDERS.has(target) ? this.staticPrefix(first, scope, depth) : undefined;
      }
      case 'identifier': {
        const value = singleValue(node, scope);
        return value ? this.staticPrefix(value.node, value.scope, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** A path made only of the module's own location (`__file__`) and literals:
   * `os.path.join(os.path.dirname(__file__), "data", "words.txt")`, `Path(__file__).parent / "x"`. */
  ownFile(node: Node, scope: Scope, depth: number): boolean {
    if (depth > 4) return false;
    switch (node.type) {
      case 'identifier': {
        if (node.text === '__file__') return !lookupBinding('__file__', scope);
        const value = singleValue(node, scope);
        return !!value && this.ownFile(value.node, value.scope, depth + 1);
      }
      case 'parenthesized_expression':
        return !!node.namedChildren[0] && this.ownFile(node.namedChildren[0], scope, depth);
      case 'attribute':
        return node.childForFieldName('attribute')?.text === 'parent' && !!node.childForFieldName('object') && this.ownFile(node.childForFieldName('object')!, scope, depth);
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        return ['/', '+'].includes(node.childForFieldName('operator')?.text ?? '') && !!left && !!right && this.ownFile(left, scope, depth) && isLiteral(right);
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment');
        if (!callee) return false;
        if (callee.type === 'attribute' && OWN_FOLDER_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) {
          const object = callee.childForFieldName('object');
          return !!object && this.ownFile(object, scope, depth) && args.every(isLiteral);
        }
        const target = this.types.resolveCallee(callee, scope)?.target;
        return !!target && (PATH_BUILDERS.has(target) || OWN_FOLDER_CALLS.has(target)) && args.length > 0 && this.ownFile(args[0], scope, depth) && args.slice(1).every(isLiteral);
      }
      default:
        return false;
    }
  }

  /** `while q.empty(): await ...` just before `q.get()`: the get returns at once. */
  readyAfterPoll(call: Node, callee: Node): boolean {
    if (callee.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'get') return false;
    const receiver = callee.childForFieldName('object')?.text;
    let statement: Node | null = call;
    while (statement?.parent && statement.parent.type !== 'block' && !SCOPE_NODES.has(statement.parent.type)) statement = statement.parent;
    const siblings = statement?.parent?.type === 'block' ? statement.parent.namedChildren : [];
    const previous = siblings[siblings.findIndex((s) => s === statement) - 1];
    const condition = previous?.type === 'while_statement' ? previous.childForFieldName('condition') : undefined;
    const body = previous?.childForFieldName('body');
    return !!condition && condition.text.replace(/\s/g, '') === `${receiver}.empty()` && !!body && containsAwait(body);
  }

  /** `fut.result()` (or `.exception()`) where the future has finished, so it returns at once: in
   * the body of `if fut.done():`, or of a test that the message just received (`m = await
   * s.receive()`) is the one the future's task sends last before it ends (`if m is None:` where
   * every `fut = portal.start_task_soon(task)` or `pool.submit(task)` runs a `task` whose last
   * statement, or the last of its final `finally`, is `await s.send(None)`). */
  finishedFuture(call: Node, callee: Node, scope: Scope): boolean {
    const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    const future = callee.childForFieldName('object');
    if ((method !== 'result' && method !== 'exception') || !future) return false;
    for (let child = expressionTop(call), parent = child.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
      if (parent.type !== 'if_statement' || child !== parent.childForFieldName('consequence')) continue;
      const condition = parent.childForFieldName('condition');
      if (!condition) continue;
      if (condition.text.replace(/\s/g, '') === `${future.text}.done()`) return true;
      const test = sentinelTest(condition);
      const stream = test && this.receivedFrom(test.name, scope);
      if (stream && this.lastSentByTask(future, scope, stream, test.value)) return true;
    }
    return false;
  }

  /** The stream a name was bound from, once, by `name = await stream.receive()` (`get`, `recv`). */
  private receivedFrom(name: Node, scope: Scope): string | undefined {
    const values = this.types.assignedValues(name, scope);
    const value = values?.length === 1 ? values[0].node : undefined;
    const received = value?.type === 'await' ? value.namedChildren[0] : undefined;
    const callee = received?.type === 'call' ? received.childForFieldName('function') : undefined;
    const noArguments = !received?.childForFieldName('arguments')?.namedChildren.some((c) => c && c.type !== 'comment');
    return callee?.type === 'attribute' && RECEIVE_METHODS.has(callee.childForFieldName('attribute')?.text ?? '') && noArguments ? callee.childForFieldName('object')?.text : undefined;
  }

  /** Every value assigned to `future` starts a task of this file (`start_task_soon(task)`,
   * `submit(task)`) whose last statement sends `sentinel` on `stream`. */
  private lastSentByTask(future: Node, scope: Scope, stream: string, sentinel: string): boolean {
    const values = this.types.assignedValues(future, scope);
    return !!values?.every((v) => {
      const callee = v.node.type === 'call' ? v.node.childForFieldName('function') : undefined;
      const started = callee?.type === 'attribute' && TASK_STARTERS.has(callee.childForFieldName('attribute')?.text ?? '') ? positionalArguments(v.node)[0] : undefined;
      const task = started && this.types.definitionOf(started, v.scope);
      const last = task && finalStatement(task.childForFieldName('body'));
      const sent = last?.type === 'expression_statement' ? last.namedChildren[0] : undefined;
      const send = sent?.type === 'await' ? sent.namedChildren[0] : sent;
      const sendCallee = send?.type === 'call' ? send.childForFieldName('function') : undefined;
      return (
        sendCallee?.type === 'attribute' &&
        SEND_METHODS.has(sendCallee.childForFieldName('attribute')?.text ?? '') &&
        sendCallee.childForFieldName('object')?.text === stream &&
        positionalArguments(send!).map((a) => a.text).join() === sentinel
      );
    });
  }
}

const RECEIVE_METHODS = new Set(['receive', 'get', 'recv']);
const SEND_METHODS = new Set(['send', 'put', 'send_nowait', 'put_nowait']);
/** Methods that run a function as a task and return its future: an anyio blocking portal's, an executor's. */
const TASK_STARTERS = new Set(['start_task_soon', 'submit']);

/** `m is None`, `m == "done"`: a name compared with a literal (the name and the literal's text). */
function sentinelTest(condition: Node): { name: Node; value: string } | undefined {
  let c = condition;
  while (c.type === 'parenthesized_expression' && c.namedChildren[0]) c = c.namedChildren[0];
  if (c.type !== 'comparison_operator' || c.namedChildren.length !== 2) return undefined;
  const op = c.children.filter((x) => x && !x.isNamed).map((x) => x!.text).join(' ');
  if (op !== 'is' && op !== '==') return undefined;
  const [left, right] = c.namedChildren as [Node, Node];
  const literal = (n: Node) => ['none', 'true', 'false', 'integer', 'string'].includes(n.type) && !n.namedChildren.some((x) => x?.type === 'interpolation');
  if (left.type === 'identifier' && literal(right)) return { name: left, value: right.text };
  if (right.type === 'identifier' && literal(left)) return { name: right, value: left.text };
  return undefined;
}

/** The statement a function body runs last on every path that ends normally or by an exception:
 * its last statement, or, when that is a `try` with a `finally`, the last statement there. */
function finalStatement(body: Node | null): Node | undefined {
  const last = body?.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').pop();
  if (last?.type !== 'try_statement') return last;
  const cleanup = last.namedChildren.find((c) => c?.type === 'finally_clause');
  return cleanup ? finalStatement(cleanup.namedChildren.find((c) => c?.type === 'block') ?? null) : undefined;
}

function positionalArguments(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'comment' && c.type !== 'keyword_argument');
}

/** The file a call works on: the receiver of a pathlib method, else its first positional argument. */
function fileOf(call: Node, target: string): Node | undefined {
  const callee = call.childForFieldName('function');
  if (target.startsWith('pathlib.Path.')) return callee?.type === 'attribute' ? (callee.childForFieldName('object') ?? undefined) : undefined;
  return positionalArguments(call)[0];
}

/** The long-lived value a test finds unset: `X is None`, `X == None`, `not X`, `k not in X`,
 * `X.get(k) is None`, `not hasattr(obj, "x")` (obj.x). */
function unsetState(condition: Node): Node | undefined {
  let c = condition;
  while (c.type === 'parenthesized_expression' && c.namedChildren[0]) c = c.namedChildren[0];
  if (c.type === 'not_operator') {
    const argument = c.childForFieldName('argument');
    if (!argument) return undefined;
    if (argument.type === 'call' && argument.childForFieldName('function')?.text === 'hasattr') {
      const [obj, name] = argument.childForFieldName('arguments')?.namedChildren ?? [];
      return obj && name?.type === 'string' ? obj : undefined;
    }
    return stateOf(argument);
  }
  if (c.type === 'comparison_operator') {
    const [left, right] = c.namedChildren;
    const op = c.children.filter((x) => x && !x.isNamed).map((x) => x!.text).join(' ');
    if ((op === 'is' || op === '==') && right?.type === 'none' && left) return stateOf(left);
    if (op === 'not in' && right) return stateOf(right);
  }
  return undefined;
}

/** `X`, `self.x`, `X.get(k)` -> X. */
function stateOf(node: Node): Node | undefined {
  if (node.type === 'identifier' || node.type === 'attribute') return node;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'get') return callee.childForFieldName('object') ?? undefined;
  }
  return undefined;
}

const FILLING_METHODS = new Set(['update', 'add', 'append', 'extend', 'setdefault', '__setitem__']);

/** The body assigns `state` (`X = ...`, `X[k] = ...`) or fills it (`X.update(...)`). */
function setsState(body: Node, state: string): boolean {
  return someInScope(body, (node) => {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      const target = left?.type === 'subscript' ? left.childForFieldName('value') : left;
      if (target?.text === state) return true;
    }
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      if (callee?.type === 'attribute' && callee.childForFieldName('object')?.text === state && FILLING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return true;
    }
    return false;
  });
}

function someCall(node: Node, test: (call: Node) => boolean): boolean {
  return someInScope(node, (n) => n.type === 'call' && test(n));
}

function containsAwait(node: Node): boolean {
  return someInScope(node, (n) => n.type === 'await');
}

/** Some descendant of `node` in its scope (nested functions and classes left out) passes `test`.
 * Iterative (./syntax forEachDescendant): no depth of nesting overflows the call stack. */
function someInScope(node: Node, test: (descendant: Node) => boolean): boolean {
  let found = false;
  forEachDescendant(node, (n) => {
    if (found || SCOPE_NODES.has(n.type)) return false;
    found = test(n);
    return !found;
  });
  return found;
}

/** The value a name is bound to when it is bound once, by a plain assignment. */
function singleValue(name: Node, scope: Scope): { node: Node; scope: Scope } | undefined {
  const binding = lookupBinding(name.text, scope);
  const value = binding?.kind === 'local' && binding.values?.length === 1 ? binding.values[0] : undefined;
  return value && !value.via && !value.annotation ? value : undefined;
}

function isLiteral(node: Node): boolean {
  return node.type === 'string' && !node.namedChildren.some((c) => c?.type === 'interpolation');
}

/** How many parts of a test, and how many levels of an expression, a parameter guard is looked
 * for in: a guard is a short test (`if make_dir and not os.path.isdir(d):`); generated code
 * nests thousands deep. */
const GUARD_SEARCH_LIMIT = 16;

/** The first conjuncts of an `a and b and c` test, parentheses removed, left to right. */
function conjuncts(test: Node): Node[] {
  const out: Node[] = [];
  const stack = [test];
  for (let seen = 0; stack.length && seen < GUARD_SEARCH_LIMIT; seen++) {
    let node = stack.pop()!;
    while (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) node = node.namedChildren[0]!;
    const left = node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'and' ? node.childForFieldName('left') : null;
    const right = left ? node.childForFieldName('right') : null;
    if (!left) out.push(node);
    else {
      if (right) stack.push(right);
      stack.push(left);
    }
  }
  return out;
}

/** The parameter of the call's function that must be truthy for the call to run (see CallFact
 * `guardedBy`): one left of the call in an `and` (`if make_dir and not os.path.isdir(d):`), or a
 * conjunct of the test of an `if` whose body holds the call. */
export function guardingParameter(call: Node, params: ReadonlySet<string>): string | undefined {
  if (!params.size) return undefined;
  const parameterIn = (nodes: Node[]) => nodes.find((n) => n.type === 'identifier' && params.has(n.text))?.text;
  // Inside the expression, a few levels up.
  const top = expressionTop(call);
  for (let child = call, parent = call.parent, depth = 0; parent && child.id !== top.id && depth < GUARD_SEARCH_LIMIT; child = parent, parent = parent.parent, depth++) {
    if (parent.type !== 'boolean_operator' || parent.childForFieldName('operator')?.type !== 'and' || parent.childForFieldName('right')?.id !== child.id) continue;
    const left = parent.childForFieldName('left');
    const found = left ? parameterIn(conjuncts(left)) : undefined;
    if (found) return found;
  }
  // The statements around it.
  for (let child = top, parent = top.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || parent.childForFieldName('consequence')?.id !== child.id) continue;
    const condition = parent.childForFieldName('condition');
    const found = condition ? parameterIn(conjuncts(condition)) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A literal that is falsy: `False`, `None`, `0`, `''`. */
export function isFalsyLiteral(node: Node): boolean {
  return node.type === 'false' || node.type === 'none' || (node.type === 'integer' && /^0+$/.test(node.text)) || (node.type === 'string' && /^[rbuRBU]*(''|"")$/.test(node.text));
}
