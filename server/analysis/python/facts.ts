// Python front end: turns tree-sitter regions into SourceFacts. Names resolve through imports and
// aliases with scopes respected (a shadowed name does not resolve); objects made by known
// constructors carry their type (`s = requests.Session()` makes `s.get` `requests.Session.get`),
// including `with ... as x`, `self.x = ...` attributes and simple assignments; calls that may reach
// a workspace function carry a WorkspaceRef for the call graph; loops, awaits and hand-offs to
// threads and processes are recorded for the CPU-LOOP, SEQ-AWAIT, THREAD-CPU and PROC-IO rules.
import { LARGE_BOUND, type AwaitFact, type CallFact, type FunctionFact, type HandoffFact, type LoopFact, type Position, type Range, type SourceFacts, type WorkspaceRef } from '../types';
import { parseSuppressions } from '../suppressions';
import { PYTHON_CONSTRUCTORS, PYTHON_HANDOFFS } from './catalogue';
import { asyncFrameworkOf } from './framework';
import type { ParsedPython } from './parser';
import { SyntaxNode as Node } from './syntax';

/** A value bound to a name by an assignment, `with ... as`, or `self.x = ...`, with the scope its
 * expression is evaluated in. Types are inferred from these lazily. */
interface BoundValue {
  node: Node;
  scope: Scope;
}

type Binding =
  | { kind: 'import'; target: string; module: string; name: string }
  | { kind: 'def'; qualifiedName: string; isClass: boolean }
  /** `self`/`cls`: the first parameter of a method. */
  | { kind: 'self'; classQualifiedName: string }
  /** A local variable; `values` null when something we cannot follow binds it (a parameter, a loop). */
  | { kind: 'local'; values: BoundValue[] | null };

interface ClassInfo {
  qualifiedName: string;
  /** `self.name = value` assignments in the class's methods. */
  attributes: Map<string, BoundValue[]>;
}

interface Scope {
  kind: 'module' | 'function' | 'class';
  bindings: Map<string, Binding>;
  parent?: Scope;
  /** Names declared `global` here (looked up in the module scope). */
  globals: Set<string>;
  /** Prefix for the qualified names of functions and classes defined here. */
  qualifiedPrefix: string;
  /** For a class body: the class. */
  classInfo?: ClassInfo;
}

/** The type of a value: a catalogue type (`requests.Session`) and/or a workspace class. */
interface ValueType {
  canonical?: string;
  ref?: WorkspaceRef;
  /** The call that made the object, when there is exactly one. */
  origin?: Node;
}

/** What a callee expression names. */
interface Resolved {
  target?: string;
  ref?: WorkspaceRef;
  /** For a method call on an object: the call that made the object. */
  receiverOrigin?: Node;
}

const SCOPE_NODES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOP_NODES = new Set(['for_statement', 'while_statement']);
// Generator expressions are lazy: their awaits run one per item as the consumer pulls.
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);
const CLOCKS = /\b(time|monotonic|perf_counter|monotonic_ns|time_ns|perf_counter_ns|now|utcnow)\s*\(/;

function joinRef(ref: WorkspaceRef, attr: string): WorkspaceRef {
  return { module: ref.module, name: ref.name ? `${ref.name}.${attr}` : attr };
}

/** What the front end keeps between the parses of a file being edited (./incremental hands it over
 * with each parse): per top-level statement copy, its scopes and the facts last emitted for it, and
 * the signature of what statements read of each other. A statement whose copy was reused (same
 * text, same column) gets the same scopes; it gets the same facts, renumbered and moved to its new
 * lines, as long as the signature is unchanged. */
export interface PythonFactsMemo {
  /** Of the last extraction; undefined when it had syntax errors (nothing is reused then). */
  signature?: string;
  statements?: Map<Node, StatementMemo>;
}

interface StatementMemo {
  /** The scopes made for the functions, lambdas and classes in the statement, in order. */
  scopes: Array<[number, Scope]>;
  /** Modules imported inside those scopes, in order (those at module level are read every time). */
  imports: string[];
  facts?: StatementFacts;
}

/** The facts a top-level statement contributed, as emitted (ids global, lines of that text). */
interface StatementFacts {
  start: Position;
  end: Position;
  functionBase: number;
  callBase: number;
  loopBase: number;
  functions: FunctionFact[];
  calls: CallFact[];
  loops: LoopFact[];
  awaits: AwaitFact[];
  handoffs: HandoffFact[];
  classes: Array<[string, WorkspaceRef[]]>;
}

/** How many top-level statements were visited or had their facts reused (tests and benchmarks). */
export const pythonFactsStats = { visitedStatements: 0, reusedStatements: 0 };

export function extractPythonFacts(file: string, text: string, parsed: ParsedPython & { memo?: PythonFactsMemo }): SourceFacts {
  return extract(file, text, parsed).facts;
}

/** The facts of a partial parse (./partial), or, when they would differ from those of the whole
 * file because the code parsed reads the attributes of classes left out, those classes' names. */
export function extractPartialPythonFacts(file: string, text: string, parsed: ParsedPython): { facts: SourceFacts } | { readsDeferred: string[] } {
  const { facts, readsDeferred } = extract(file, text, parsed);
  return readsDeferred.size ? { readsDeferred: [...readsDeferred] } : { facts };
}

function extract(file: string, text: string, parsed: ParsedPython & { memo?: PythonFactsMemo }): { facts: SourceFacts; readsDeferred: Set<string> } {
  const functions: FunctionFact[] = [];
  const calls: CallFact[] = [];
  const loops: LoopFact[] = [];
  const awaits: AwaitFact[] = [];
  const handoffs: Array<HandoffFact & { workNodeId?: number }> = [];
  const functionIdByNode = new Map<number, number>();
  const scopeByNode = new Map<number, Scope>();
  const classes: Record<string, WorkspaceRef[]> = {};
  const classEntries: Array<[string, WorkspaceRef[]]> = [];
  const importOrder: string[] = [];
  const moduleScope: Scope = { kind: 'module', bindings: new Map(), globals: new Set(), qualifiedPrefix: '' };
  const roots = parsed.regions;
  // Statements are remembered only for a parse without errors (one region: the whole file).
  const memo = parsed.memo && roots.length === 1 && roots[0].lineOffset === 0 && parsed.errorLines.length === 0 ? parsed.memo : undefined;
  const previous = memo?.statements;
  const statements = new Map<Node, StatementMemo>();

  // ---- pass 1: scopes and bindings -------------------------------------------------------
  /** Makes the scopes of the functions, lambdas and classes in `root` (nested in `scope`, whose
   * own bindings are already collected), in order, into `made`; imports inside them go to `imports`. */
  const buildScopes = (root: Node, scope: Scope, made: Array<[number, Scope]>, imports: string[], self: boolean): void => {
    const enterNode = (child: Node): void => {
      if (child.type === 'function_definition' || child.type === 'lambda') {
        const name = child.childForFieldName('name')?.text ?? '<lambda>';
        const prefix = `${scope.qualifiedPrefix}${name}`;
        const inner: Scope = { kind: 'function', bindings: new Map(), parent: scope, globals: new Set(), qualifiedPrefix: `${prefix}.<locals>.` };
        made.push([child.id, inner]);
        const params = child.childForFieldName('parameters');
        if (params) {
          bindParameters(params, inner, scope.classInfo && child.type === 'function_definition' && !isStaticMethod(child) ? scope.classInfo.qualifiedName : undefined);
          enter(params); // defaults and lambdas in them belong to the enclosing scope
        }
        const body = child.childForFieldName('body');
        if (body) {
          collectBindings(body, inner, imports);
          if (child.type === 'lambda') enterExpression(body, inner);
          else buildScopes(body, inner, made, imports, false);
        }
        if (scope.classInfo && child.type === 'function_definition' && body) collectSelfAttributes(body, inner, scope.classInfo);
        return;
      }
      if (child.type === 'class_definition') {
        const name = child.childForFieldName('name')?.text ?? '<class>';
        const qualifiedName = `${scope.qualifiedPrefix}${name}`;
        const inner: Scope = {
          kind: 'class',
          bindings: new Map(),
          parent: scope,
          globals: new Set(),
          qualifiedPrefix: `${qualifiedName}.`,
          classInfo: { qualifiedName, attributes: new Map() },
        };
        made.push([child.id, inner]);
        const supers = child.childForFieldName('superclasses');
        if (supers) enter(supers);
        const body = child.childForFieldName('body');
        if (body) {
          collectBindings(body, inner, imports);
          buildScopes(body, inner, made, imports, false);
        }
        return;
      }
      enter(child);
    };
    const enter = (node: Node): void => {
      for (const child of node.namedChildren) if (child) enterNode(child);
    };
    const enterExpression = (node: Node, s: Scope): void => {
      const saved = scope;
      scope = s;
      enter(node);
      scope = saved;
    };
    if (self) enterNode(root);
    else enter(root);
  };
  /** Per region, its top-level statements and what pass 1 made for them. */
  const regions = roots.map((region) => {
    collectBindings(region.root, moduleScope, importOrder);
    const made = region.root.namedChildren.map((stmt) => {
      let entry = previous?.get(stmt);
      if (entry) {
        // The same copy: its scopes are the same, but hang from this text's module scope.
        for (const [, s] of entry.scopes) if (s.parent?.kind === 'module') s.parent = moduleScope;
      } else {
        entry = { scopes: [], imports: [] };
        buildScopes(stmt, moduleScope, entry.scopes, entry.imports, true);
      }
      for (const [id, s] of entry.scopes) scopeByNode.set(id, s);
      importOrder.push(...entry.imports);
      if (memo) statements.set(stmt, entry);
      return { stmt, entry };
    });
    return { region, made };
  });
  const classInfoByName = new Map<string, ClassInfo>();
  const classScopes = new Map<string, Scope>();
  for (const scope of scopeByNode.values()) {
    if (!scope.classInfo) continue;
    classInfoByName.set(scope.classInfo.qualifiedName, scope.classInfo);
    classScopes.set(scope.classInfo.qualifiedName, scope);
  }
  // Functions, classes and methods left out of a partial parse bind their names like those parsed
  // (a scope's own definitions are bound after its other statements, as collectBindings does).
  const deferred = new Set<string>();
  /** Per class and attribute, the methods left out that may assign it. */
  const deferredAssignments = new Map<string, Map<string, string[]>>();
  for (const d of parsed.deferred ?? []) {
    deferred.add(d.name);
    const dot = d.name.lastIndexOf('.');
    const className = d.name.slice(0, Math.max(dot, 0));
    const scope = dot < 0 ? moduleScope : classScopes.get(className);
    if (scope) bindDefinition(scope, d.name.slice(dot + 1), d.isClass);
    for (const attr of d.assigns ?? []) {
      const byAttribute = deferredAssignments.get(className) ?? new Map<string, string[]>();
      deferredAssignments.set(className, byAttribute.set(attr, [...(byAttribute.get(attr) ?? []), d.name]));
    }
  }
  const readsDeferred = new Set<string>();

  // ---- type inference over the bindings --------------------------------------------------
  const inferring = new Set<BoundValue[]>();
  const typeOfValues = (values: BoundValue[] | null | undefined): ValueType | undefined => {
    if (!values || inferring.has(values)) return undefined;
    inferring.add(values);
    try {
      let found: ValueType | undefined;
      for (const v of values) {
        if (v.node.type === 'none') continue;
        const t = typeOf(v.node, v.scope);
        if (!t) return undefined;
        if (found && (found.canonical !== t.canonical || found.ref?.name !== t.ref?.name || found.ref?.module !== t.ref?.module)) return undefined;
        found = found ? { ...found, origin: undefined } : t;
      }
      return found;
    } finally {
      inferring.delete(values);
    }
  };

  /** The instance type of an expression's value, when known. */
  function typeOf(node: Node, scope: Scope): ValueType | undefined {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? typeOf(inner, scope) : undefined;
      }
      case 'identifier': {
        const b = lookupBinding(node.text, scope);
        if (!b) return undefined;
        if (b.kind === 'self') return { ref: { name: b.classQualifiedName } };
        if (b.kind === 'local') return typeOfValues(b.values);
        return undefined;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        if (!callee) return undefined;
        const r = resolveCallee(callee, scope);
        if (!r) return undefined;
        const canonical = r.target ? PYTHON_CONSTRUCTORS[r.target] : undefined;
        if (canonical) return { canonical, origin: node };
        return r.ref ? { ref: r.ref, origin: node } : undefined;
      }
      case 'attribute': {
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute')?.text;
        if (!obj || !attr) return undefined;
        const base = typeOf(obj, scope);
        if (base?.ref && !base.ref.module) {
          const info = classInfoByName.get(base.ref.name);
          if (info) {
            for (const method of deferredAssignments.get(base.ref.name)?.get(attr) ?? []) readsDeferred.add(method);
            return typeOfValues(info.attributes.get(attr));
          }
          const head = base.ref.name.split('.')[0];
          if (deferred.has(head)) readsDeferred.add(head);
        }
        if (base?.canonical === 'pathlib.Path' && (attr === 'parent' || attr === 'stem')) return attr === 'parent' ? base : undefined;
        return undefined;
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const t = left ? typeOf(left, scope) : undefined;
        return t?.canonical === 'pathlib.Path' ? t : undefined;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        return value ? typeOf(value, scope) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** What a callee expression names: a canonical dotted name and/or a workspace reference. */
  function resolveCallee(node: Node, scope: Scope): Resolved | undefined {
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren[0];
      return inner ? resolveCallee(inner, scope) : undefined;
    }
    if (node.type === 'identifier') {
      const b = lookupBinding(node.text, scope);
      if (!b) return { target: `builtins.${node.text}` };
      if (b.kind === 'import') return { target: b.target, ref: { module: b.module, name: b.name } };
      if (b.kind === 'def') return { ref: { name: b.qualifiedName } };
      if (b.kind === 'self') return { ref: { name: b.classQualifiedName } };
      return undefined;
    }
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      if (!obj || !attr) return undefined;
      const t = typeOf(obj, scope);
      if (t) return { target: t.canonical ? `${t.canonical}.${attr}` : undefined, ref: t.ref ? joinRef(t.ref, attr) : undefined, receiverOrigin: t.origin };
      const base = resolveCallee(obj, scope);
      if (!base) return undefined;
      return { target: base.target ? `${base.target}.${attr}` : undefined, ref: base.ref ? joinRef(base.ref, attr) : undefined };
    }
    return undefined;
  }
  // ---- what statements read of each other ------------------------------------------------
  // A statement's facts depend on the rest of the file only through the module's bindings (what
  // each name resolves to, its inferred type and constant value) and the classes' attributes
  // (their inferred types). When none of that changed, a statement with the same copy has the
  // same facts. Inferred types carry the range of the call that made the object, so an edit that
  // moves such a call changes the signature.
  const signature = memo ? moduleSignature() : undefined;
  function moduleSignature(): string {
    const out: string[] = [[...moduleScope.globals].join(' ')];
    for (const [name, b] of moduleScope.bindings) {
      if (b.kind === 'import') out.push(`${name} import ${b.target} ${b.module} ${b.name}`);
      else if (b.kind === 'def') out.push(`${name} def ${b.qualifiedName} ${b.isClass}`);
      else if (b.kind === 'self') out.push(`${name} self ${b.classQualifiedName}`);
      else if (!b.values) out.push(`${name} local`);
      else {
        // constantInt follows a name at most four deep: its value at every depth.
        const v = b.values;
        const constants = v.length === 1 ? [1, 2, 3, 4].map((depth) => String(constantInt(v[0].node, v[0].scope, depth))).join(' ') : '';
        out.push(`${name} local ${v.length} ${typeSignature(typeOfValues(v))} ${constants}`);
      }
    }
    for (const [name, info] of classInfoByName) {
      out.push(`class ${name}`);
      for (const [attr, values] of info.attributes) out.push(`.${attr} ${typeSignature(typeOfValues(values))}`);
    }
    return out.join('\n');
  }

  // ---- pass 2: facts ---------------------------------------------------------------------
  const reuse = !!memo && signature !== undefined && memo.signature === signature;
  for (const { region, made } of regions) {
    const offset = region.lineOffset;
    const range = (n: Node): Range => ({
      start: { line: n.startPosition.row + offset, character: n.startPosition.column },
      end: { line: n.endPosition.row + offset, character: n.endPosition.column },
    });

    const visit = (node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void => {
      if (node.type === 'function_definition' || node.type === 'lambda') {
        const inner = scopeByNode.get(node.id);
        const id = functions.length;
        functionIdByNode.set(node.id, id);
        const isAsync = node.type === 'function_definition' && node.children.some((c) => c?.type === 'async');
        const nameNode = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        functions.push({
          id,
          name: nameNode?.text ?? '<lambda>',
          isAsync,
          runsOnEventLoop: isAsync,
          range: range(node),
          nameRange: range(nameNode ?? node),
          parentId: functionId,
          qualifiedName: `${scope.qualifiedPrefix}${nameNode?.text ?? '<lambda>'}`,
          isGenerator: node.type === 'function_definition' && !!body && containsYield(body),
        });
        const params = node.childForFieldName('parameters');
        if (params) visitChildren(params, scope, functionId, loopId);
        if (body && inner) visit(body, inner, id, undefined);
        return;
      }
      if (node.type === 'class_definition') {
        const inner = scopeByNode.get(node.id);
        const supers = node.childForFieldName('superclasses');
        if (inner?.classInfo) {
          classEntries.push([
            inner.classInfo.qualifiedName,
            (supers?.namedChildren ?? [])
              .filter((c): c is Node => !!c && (c.type === 'identifier' || c.type === 'attribute'))
              .map((c) => resolveCallee(c, scope)?.ref)
              .filter((r): r is WorkspaceRef => !!r),
          ]);
        }
        if (supers) visitChildren(supers, scope, functionId, loopId);
        const body = node.childForFieldName('body');
        if (body && inner) visit(body, inner, functionId, loopId);
        return;
      }
      if (LOOP_NODES.has(node.type) || COMPREHENSIONS.has(node.type)) {
        const id = loops.length;
        loops.push(describeLoop(node, id, functionId, loopId, range, scope));
        if (COMPREHENSIONS.has(node.type)) {
          visitChildren(node, scope, functionId, id);
          return;
        }
        // The iterable and the condition run in the loop (for `while`) or once (for `for`).
        const right = node.childForFieldName('right');
        if (right) visit(right, scope, functionId, loopId);
        const condition = node.childForFieldName('condition');
        if (condition) visit(condition, scope, functionId, id);
        const body = node.childForFieldName('body');
        if (body) visit(body, scope, functionId, id);
        const alternative = node.childForFieldName('alternative');
        if (alternative) visit(alternative, scope, functionId, loopId);
        return;
      }
      if (node.type === 'await') {
        const inner = node.namedChildren[0];
        awaits.push({
          range: range(node),
          functionId,
          loopId,
          callIndex: inner?.type === 'call' ? calls.length : undefined,
          reads: inner ? readNames(inner) : [],
        });
      }
      if (node.type === 'call') {
        const callee = node.childForFieldName('function');
        const argsNode = node.childForFieldName('arguments');
        if (callee) {
          const resolved = resolveCallee(callee, scope);
          calls.push({
            target: resolved?.target,
            calleeText: callee.text,
            range: range(node),
            calleeRange: range(callee),
            functionId,
            awaited: node.parent?.type === 'await',
            callee: resolved?.ref,
            loopId,
            receiverOrigin: resolved?.receiverOrigin ? range(resolved.receiverOrigin) : undefined,
            nonBlocking: resolved?.target !== undefined && /^(os|socket|ssl)\./.test(resolved.target) && catchesWouldBlock(node) ? true : undefined,
            args: argsNode?.type === 'argument_list' ? argsNode.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment').map((c) => c.text) : undefined,
            argsRange: argsNode ? range(argsNode) : undefined,
          });
          const handoff = describeHandoff(node, callee, resolved, scope);
          if (handoff) handoffs.push({ ...handoff, range: range(node), functionId, via: callee.text });
        }
      }
      visitChildren(node, scope, functionId, loopId);
    };
    const visitChildren = (node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void => {
      for (const child of node.namedChildren) if (child) visit(child, scope, functionId, loopId);
    };
    for (const { stmt, entry } of made) {
      const cached = reuse ? entry.facts : undefined;
      if (cached) {
        pythonFactsStats.reusedStatements++;
        entry.facts = place(cached, stmt.startPosition.row - cached.start.line);
      } else {
        pythonFactsStats.visitedStatements++;
        const start = { functions: functions.length, calls: calls.length, loops: loops.length, awaits: awaits.length, handoffs: handoffs.length, classes: classEntries.length };
        visit(stmt, moduleScope, undefined, undefined);
        // Hand-offs of lambdas point at the lambda's FunctionFact (always inside the statement).
        for (let i = start.handoffs; i < handoffs.length; i++) {
          const { workNodeId, ...h } = handoffs[i];
          if (workNodeId !== undefined) handoffs[i] = { ...h, workFunctionId: functionIdByNode.get(workNodeId) };
        }
        if (memo) {
          entry.facts = {
            start: range(stmt).start,
            end: range(stmt).end,
            functionBase: start.functions,
            callBase: start.calls,
            loopBase: start.loops,
            functions: functions.slice(start.functions),
            calls: calls.slice(start.calls),
            loops: loops.slice(start.loops),
            awaits: awaits.slice(start.awaits),
            handoffs: handoffs.slice(start.handoffs),
            classes: classEntries.slice(start.classes),
          };
        }
      }
    }
  }

  /** Appends a statement's facts from an earlier extraction: as they were when nothing before it
   * changed, else copies with ids renumbered and lines moved by `lines`. */
  function place(facts: StatementFacts, lines: number): StatementFacts {
    const fn = functions.length - facts.functionBase;
    const call = calls.length - facts.callBase;
    const loop = loops.length - facts.loopBase;
    let placed = facts;
    if (fn || call || loop || lines) {
      const id = (base: number) => (n: number | undefined) => (n === undefined ? undefined : n + base);
      const fnId = id(fn);
      const callId = id(call);
      const loopId = id(loop);
      const move = (r: Range): Range => moveRange(r, lines);
      // The range of the call that made a receiver lies in this statement, or elsewhere at a place
      // the signature pins (an edit that moved it changed the signature).
      const moveOrigin = (r: Range): Range => (contains(facts, r) ? move(r) : r);
      placed = {
        start: movePosition(facts.start, lines),
        end: movePosition(facts.end, lines),
        functionBase: functions.length,
        callBase: calls.length,
        loopBase: loops.length,
        functions: facts.functions.map((f) => ({ ...f, id: f.id + fn, range: move(f.range), nameRange: move(f.nameRange), parentId: fnId(f.parentId) })),
        calls: facts.calls.map((c) => ({
          ...c,
          range: move(c.range),
          calleeRange: move(c.calleeRange),
          functionId: fnId(c.functionId),
          loopId: loopId(c.loopId),
          receiverOrigin: c.receiverOrigin && moveOrigin(c.receiverOrigin),
          argsRange: c.argsRange && move(c.argsRange),
        })),
        loops: facts.loops.map((l) => ({
          ...l,
          id: l.id + loop,
          functionId: fnId(l.functionId),
          parentLoopId: loopId(l.parentLoopId),
          range: move(l.range),
          headerRange: move(l.headerRange),
          derived: l.derived?.map((d) => ({ name: d.name, at: movePosition(d.at, lines) })),
        })),
        awaits: facts.awaits.map((a) => ({ ...a, range: move(a.range), functionId: fnId(a.functionId), loopId: loopId(a.loopId), callIndex: callId(a.callIndex) })),
        handoffs: facts.handoffs.map((h) => ('workFunctionId' in h ? { ...h, range: move(h.range), functionId: fnId(h.functionId), workFunctionId: fnId(h.workFunctionId) } : { ...h, range: move(h.range), functionId: fnId(h.functionId) })),
        classes: facts.classes,
      };
    }
    functions.push(...placed.functions);
    calls.push(...placed.calls);
    loops.push(...placed.loops);
    awaits.push(...placed.awaits);
    handoffs.push(...placed.handoffs);
    classEntries.push(...placed.classes);
    return placed;
  }

  /** A call that hands a function to a thread or process: which worker, and which function. */
  function describeHandoff(call: Node, callee: Node, resolved: Resolved | undefined, scope: Scope): Omit<HandoffFact, 'range' | 'functionId' | 'via'> & { workNodeId?: number } | undefined {
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const positional = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment');
    const keyword = (name: string) => args.namedChildren.find((c) => c?.type === 'keyword_argument' && c.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
    let pool: 'thread' | 'process' | undefined;
    let work: Node | null | undefined;
    const api = resolved?.target ? PYTHON_HANDOFFS[resolved.target] : undefined;
    if (api) {
      pool = api.pool;
      work = api.keyword ? keyword(api.keyword) : positional[api.position ?? 0];
    } else if (callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'run_in_executor') {
      const executor = positional[0];
      if (!executor) return undefined;
      if (executor.type === 'none') pool = 'thread';
      else {
        const t = typeOf(executor, scope)?.canonical;
        if (t === 'concurrent.futures.ThreadPoolExecutor') pool = 'thread';
        else if (t === 'concurrent.futures.ProcessPoolExecutor') pool = 'process';
      }
      work = positional[1];
    }
    if (!pool || !work) return undefined;
    // functools.partial(f, ...) hands over f.
    while (work.type === 'call') {
      const fn: Node | null = work.childForFieldName('function');
      const target = fn ? resolveCallee(fn, scope)?.target : undefined;
      const inner: Node | null | undefined = work.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment');
      if (target !== 'functools.partial' || !inner) return undefined;
      work = inner;
    }
    if (work.type === 'lambda') return { pool, workNodeId: work.id };
    const ref = resolveCallee(work, scope)?.ref;
    return ref ? { pool, work: ref } : undefined;
  }

  // Recursion is a call to oneself.
  for (const call of calls) {
    if (call.functionId === undefined || !call.callee || call.callee.module !== undefined) continue;
    const fn = functions[call.functionId];
    if (fn.qualifiedName && call.callee.name === fn.qualifiedName) fn.recursive = true;
  }
  for (const [name, refs] of classEntries) classes[name] = refs;

  const reexports: Record<string, WorkspaceRef> = {};
  const constants: Record<string, number> = {};
  for (const [name, b] of moduleScope.bindings) {
    if (b.kind === 'import') reexports[name] = { module: b.module, name: b.name };
    else if (b.kind === 'local' && b.values?.length === 1) {
      const value = constantInt(b.values[0].node, b.values[0].scope);
      if (value !== undefined) constants[name] = value;
    }
  }

  if (parsed.memo) {
    parsed.memo.signature = signature;
    parsed.memo.statements = memo ? statements : undefined;
  }

  const facts: SourceFacts = {
    file,
    language: 'python',
    functions,
    calls,
    suppressions: parseSuppressions(text, 'python'),
    syntaxErrors: parsed.errorLines.map((line) => ({ start: { line, character: 0 }, end: { line, character: 0 } })),
    loops,
    awaits,
    handoffs,
    reexports,
    ...(Object.keys(constants).length ? { constants } : {}),
    classes,
    importedModules: [...new Set(importOrder)],
  };
  if (deferred.size) facts.deferredNames = [...deferred];
  const framework = asyncFrameworkOf(text);
  if (framework !== 'asyncio') facts.asyncFramework = framework;
  return { facts, readsDeferred };
}

function movePosition(p: Position, lines: number): Position {
  return { line: p.line + lines, character: p.character };
}

function moveRange(r: Range, lines: number): Range {
  return { start: movePosition(r.start, lines), end: movePosition(r.end, lines) };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** The range lies within the statement. */
function contains(facts: StatementFacts, r: Range): boolean {
  return before(facts.start, r.start) && before(r.end, facts.end);
}

function typeSignature(t: ValueType | undefined): string {
  if (!t) return '-';
  const origin = t.origin ? `${t.origin.startPosition.row}:${t.origin.startPosition.column}-${t.origin.endPosition.row}:${t.origin.endPosition.column}` : '';
  return `${t.canonical ?? ''}|${t.ref ? `${t.ref.module ?? ''}|${t.ref.module === undefined}|${t.ref.name}` : ''}|${origin}`;
}

// ---- loops ---------------------------------------------------------------------------------

function describeLoop(node: Node, id: number, functionId: number | undefined, parentLoopId: number | undefined, range: (n: Node) => Range, scope?: Scope): LoopFact {
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
  if (body) scanBody(body, scan, 0);
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
  const count = (n: Node): void => {
    for (const c of n.namedChildren) {
      if (!c || SCOPE_NODES.has(c.type)) continue;
      if (c.type === 'assignment' || c.type === 'augmented_assignment') {
        const left = c.childForFieldName('left');
        if (left) for (const name of assignedNames(left)) counts.set(name, (counts.get(name) ?? 0) + (c.type === 'augmented_assignment' ? 2 : 1));
      } else if (c.type === 'named_expression') {
        const name = c.childForFieldName('name')?.text;
        if (name) counts.set(name, (counts.get(name) ?? 0) + 2);
      }
      count(c);
    }
  };
  count(body);
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
function catchesWouldBlock(call: Node): boolean {
  for (let child = call, parent = call.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || child.type !== 'block' || parent.childForFieldName('body')?.id !== child.id) continue;
    if (parent.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && /^except\*?[^:]*\b(BlockingIOError|SSLWantReadError|SSLWantWriteError)\b/.test(c.text))) return true;
  }
  return false;
}

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

/** An integer literal or a constant arithmetic expression of them (`10 ** 6`, `1_000`). */
function constantInt(node: Node, scope?: Scope, depth = 0): number | undefined {
  // A name bound once, to a constant (`LOOPS = 5` in the function or the module).
  if (node.type === 'identifier' && scope && depth < 4) {
    const binding = lookupBinding(node.text, scope);
    if (binding?.kind === 'local' && binding.values?.length === 1) return constantInt(binding.values[0].node, binding.values[0].scope, depth + 1);
    return undefined;
  }
  if (node.type === 'integer') {
    const v = Number(node.text.replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  if (node.type === 'unary_operator' && node.text.startsWith('-')) {
    const v = node.namedChildren[0] ? constantInt(node.namedChildren[0], scope, depth) : undefined;
    return v === undefined ? undefined : -v;
  }
  if (node.type === 'binary_operator') {
    const l = node.childForFieldName('left');
    const r = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text;
    const a = l ? constantInt(l, scope, depth) : undefined;
    const b = r ? constantInt(r, scope, depth) : undefined;
    if (a === undefined || b === undefined) return undefined;
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '**': return a ** b;
      case '//': return b ? Math.floor(a / b) : undefined;
      default: return undefined;
    }
  }
  if (node.type === 'parenthesized_expression' && node.namedChildren[0]) return constantInt(node.namedChildren[0], scope, depth);
  return undefined;
}

function scanBody(node: Node, scan: { awaits: boolean; exits: boolean; assigned: Set<string> }, loopDepth: number): void {
  for (const child of node.namedChildren) {
    if (!child || SCOPE_NODES.has(child.type)) continue;
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
    scanBody(child, scan, loopDepth + (LOOP_NODES.has(child.type) ? 1 : 0));
  }
}

function assignedNames(target: Node): string[] {
  if (target.type === 'identifier') return [target.text];
  if (target.type === 'attribute') return [target.text];
  if (target.type === 'subscript') {
    const value = target.childForFieldName('value');
    return value ? assignedNames(value) : [];
  }
  return target.namedChildren.flatMap((c) => (c ? assignedNames(c) : []));
}

function identifiersIn(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  return node.namedChildren.flatMap((c) => (c ? identifiersIn(c) : []));
}

/** Names an expression reads: identifiers, and attribute chains on identifiers (`self.cursor`). */
function readNames(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: Node): void => {
    if (n.type === 'identifier') {
      out.add(n.text);
      return;
    }
    if (n.type === 'attribute' && /^[\w.]+$/.test(n.text)) {
      out.add(n.text);
      const obj = n.childForFieldName('object');
      if (obj) walk(obj);
      return;
    }
    if (n.type === 'keyword_argument') {
      const value = n.childForFieldName('value');
      if (value) walk(value);
      return;
    }
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(node);
  return [...out];
}

function containsAwait(node: Node): boolean {
  if (node.type === 'await') return true;
  for (const c of node.namedChildren) if (c && !SCOPE_NODES.has(c.type) && containsAwait(c)) return true;
  return false;
}

function containsYield(node: Node): boolean {
  if (node.type === 'yield') return true;
  for (const c of node.namedChildren) if (c && !SCOPE_NODES.has(c.type) && containsYield(c)) return true;
  return false;
}

function isStaticMethod(def: Node): boolean {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return parent.namedChildren.some((c) => c?.type === 'decorator' && /^@\s*staticmethod\b/.test(c.text));
}

// ---- scopes --------------------------------------------------------------------------------

/** The binding a bare name refers to, or undefined for a builtin. */
function lookupBinding(name: string, scope: Scope): Binding | undefined {
  let current: Scope | undefined = scope;
  let first = true;
  while (current) {
    // `global` at module level changes nothing (and redirecting there would never end).
    if (current.parent && current.globals.has(name)) {
      current = moduleOf(current);
      first = false;
      continue;
    }
    // Class bodies are not visible from the methods inside them.
    if (current.kind !== 'class' || first) {
      const binding = current.bindings.get(name);
      if (binding) return binding;
    }
    first = false;
    current = current.parent;
  }
  return undefined;
}

function moduleOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

function bindParameters(params: Node, scope: Scope, classQualifiedName: string | undefined): void {
  let first = true;
  for (const p of params.namedChildren) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
    if (id?.type !== 'identifier') continue;
    if (first && classQualifiedName && p.type === 'identifier') scope.bindings.set(id.text, { kind: 'self', classQualifiedName });
    else scope.bindings.set(id.text, { kind: 'local', values: null });
    first = false;
  }
}

/** `self.x = value` in a method: the attribute's possible values. */
function collectSelfAttributes(body: Node, methodScope: Scope, info: ClassInfo): void {
  const selfName = [...methodScope.bindings].find(([, b]) => b.kind === 'self')?.[0];
  if (!selfName) return;
  const walk = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child || SCOPE_NODES.has(child.type)) continue;
      if (child.type === 'assignment') {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left?.type === 'attribute' && right && left.childForFieldName('object')?.text === selfName) {
          const attr = left.childForFieldName('attribute')?.text;
          if (attr) {
            let list = info.attributes.get(attr);
            if (!list) info.attributes.set(attr, (list = []));
            list.push({ node: right, scope: methodScope });
          }
        }
      }
      walk(child);
    }
  };
  walk(body);
}

/** A `def` or `class` binds its name; a name also bound otherwise is a local we cannot follow. */
function bindDefinition(scope: Scope, name: string, isClass: boolean): void {
  const previous = scope.bindings.get(name);
  if (previous && previous.kind !== 'def') scope.bindings.set(name, { kind: 'local', values: null });
  else scope.bindings.set(name, { kind: 'def', qualifiedName: `${scope.qualifiedPrefix}${name}`, isClass });
}

/** Records the names a scope binds, without entering nested functions or classes. A name bound
 * both by an import and locally counts as local: we cannot tell which one a call sees. */
function collectBindings(root: Node, scope: Scope, importedModules: string[]): void {
  const bindValue = (name: string, value: Node | null) => {
    const existing = scope.bindings.get(name);
    if (existing?.kind === 'local') {
      if (existing.values && value) existing.values.push({ node: value, scope });
      else existing.values = null;
      return;
    }
    scope.bindings.set(name, { kind: 'local', values: value ? [{ node: value, scope }] : null });
  };
  const bindImport = (name: string, target: string, module: string, imported: string) => {
    const existing = scope.bindings.get(name);
    if (!existing) scope.bindings.set(name, { kind: 'import', target, module, name: imported });
    else if (existing.kind !== 'local' && !(existing.kind === 'import' && existing.target === target)) scope.bindings.set(name, { kind: 'local', values: null });
  };
  const bindTargets = (target: Node | null, value: Node | null) => {
    if (!target) return;
    if (target.type === 'identifier') bindValue(target.text, value);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'as_pattern_target'].includes(target.type)) {
      const single = target.type === 'as_pattern_target' && target.namedChildren.length === 1;
      for (const c of target.namedChildren) bindTargets(c, single ? value : null);
    }
  };
  const walk = (node: Node) => {
    switch (node.type) {
      case 'import_statement':
        for (const name of node.namedChildren) {
          if (!name) continue;
          if (name.type === 'dotted_name') {
            const top = name.text.split('.')[0];
            importedModules.push(name.text);
            bindImport(top, top, top, '');
          } else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) {
              importedModules.push(real);
              bindImport(alias, real, real, '');
            }
          }
        }
        return;
      case 'import_from_statement': {
        const moduleName = node.childForFieldName('module_name')?.text;
        if (!moduleName) return;
        importedModules.push(moduleName);
        const prefix = moduleName.endsWith('.') ? moduleName : `${moduleName}.`;
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'dotted_name') bindImport(name.text, `${prefix}${name.text}`, moduleName, name.text);
          else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) bindImport(alias, `${prefix}${real}`, moduleName, real);
          }
        }
        return;
      }
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bindDefinition(scope, name.text, node.type === 'class_definition');
        return;
      }
      case 'lambda':
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.namedChildren) if (c?.type === 'identifier') (node.type === 'global_statement' ? scope.globals.add(c.text) : bindValue(c.text, null));
        return;
      case 'assignment': {
        const left = node.childForFieldName('left');
        let right = node.childForFieldName('right');
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        bindTargets(left, left?.type === 'identifier' ? right : null);
        break;
      }
      case 'augmented_assignment':
        bindTargets(node.childForFieldName('left'), null);
        break;
      case 'for_statement':
      case 'for_in_clause':
        bindTargets(node.childForFieldName('left'), null);
        break;
      case 'named_expression':
        bindTargets(node.childForFieldName('name'), node.childForFieldName('value'));
        break;
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const expr = value.namedChildren[0];
          bindTargets(value.childForFieldName('alias'), expr ?? null);
        }
        break;
      }
      case 'as_pattern':
        if (node.parent?.type !== 'with_item') bindTargets(node.childForFieldName('alias'), null);
        break;
      case 'except_clause':
        for (const c of node.namedChildren) if (c?.type === 'as_pattern') bindTargets(c.childForFieldName('alias'), null);
        break;
    }
    for (const child of node.namedChildren) if (child && !SCOPE_NODES.has(child.type)) walk(child);
    for (const child of node.namedChildren) {
      if (child && (child.type === 'function_definition' || child.type === 'class_definition')) walk(child);
    }
  };
  walk(root);
}
