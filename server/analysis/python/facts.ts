// Python front end: turns tree-sitter regions into SourceFacts. Names resolve through imports and
// aliases with scopes respected (a shadowed name does not resolve); objects made by known
// constructors carry their type (`s = requests.Session()` makes `s.get` `requests.Session.get`),
// including `with ... as x`, `self.x = ...` attributes and simple assignments; calls that may reach
// a workspace function carry a WorkspaceRef for the call graph; loops, awaits and hand-offs to
// threads and processes are recorded for the CPU-LOOP, SEQ-AWAIT, THREAD-CPU and PROC-IO rules.
//
// This file is the orchestrating walk. Pass 1 makes the scopes and bindings (./scopes); types and
// callee names are inferred from them on demand (./types); pass 2 visits every statement and
// records functions, classes, calls and hand-offs (./calls), loops (./loops) and awaits. A file
// being edited reuses the facts of the statements an edit did not touch (./memo).
import { MAX_LOOP_NESTING, type AwaitFact, type CallFact, type FunctionFact, type HandoffFact, type LoopFact, type Range, type SourceFacts, type WorkspaceRef } from '../types';
import { parseSuppressions, type SuppressionSyntax } from '../suppressions';
import { describeCall, describeHandoff } from './calls';
import { SERVING_CALLS } from './catalogue';
import { CallSurroundings, guardingParameter, isFalsyLiteral } from './cheap';
import { asyncFrameworkOf } from './framework';
import { beforeSuspension, ENTRY_RUNNERS, firstSuspension, isMemoised, isPytestTest, isTestCaseBase } from './lifecycle';
import { COMPREHENSIONS, constantInt, containsYield, describeLoop, guardReads, LOOP_NODES, readNames } from './loops';
import { moduleSignature, originsOutside, placeFacts, type PythonFactsMemo, type StatementFacts, type StatementMemo } from './memo';
import type { ParsedPython, ParsedRegion } from './parser';
import { routeOfDecorators } from './routes';
import { bindLeftOut, buildScopes, classScopesOf, collectBindings, lookupBinding, newModuleScope, type LeftOut, type Scope } from './scopes';
import type { SyntaxNode as Node } from './syntax';
import { TypeInference } from './types';

/** `# boundwise: ignore` or `# boundwise: ignore[BW101, BW103]`. */
export const PYTHON_SUPPRESSION: SuppressionSyntax = { marker: 'boundwise:', pattern: /#\s*boundwise:\s*ignore(?:\[([^\]]*)\])?/ };

export type { PythonFactsMemo } from './memo';

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
  const roots = parsed.regions;
  // Statements are remembered only for a parse without errors (one region: the whole file).
  const memo = parsed.memo && roots.length === 1 && roots[0].lineOffset === 0 && parsed.errorLines.length === 0 ? parsed.memo : undefined;
  const statements = memo ? new Map<Node, StatementMemo>() : undefined;

  const moduleScope = newModuleScope();
  const pass1 = collectScopes(roots, moduleScope, memo?.statements, statements);
  const classScopes = classScopesOf(pass1.scopeByNode.values());
  const classInfoByName = new Map([...classScopes].map(([name, scope]) => [name, scope.classInfo!]));
  const leftOut = bindLeftOut(parsed.deferred ?? [], moduleScope, classScopes);
  const types = new TypeInference(classScopes, leftOut);

  const signature = memo ? moduleSignature(moduleScope, classInfoByName, types) : undefined;
  const reuse = !!memo && signature !== undefined && memo.signature === signature;
  const walk = new FactsWalk(moduleScope, pass1.scopeByNode, types, classScopes, !!memo);
  for (const { region, made } of pass1.regions) {
    walk.lineOffset = region.lineOffset;
    for (const { stmt, entry } of made) walk.statement(stmt, entry, reuse);
  }
  walk.markRecursion();
  walk.markEntries();
  walk.markLifecycleHooks();

  if (parsed.memo) {
    parsed.memo.signature = signature;
    parsed.memo.statements = statements;
  }
  const facts = assembleFacts(file, text, parsed, walk, moduleScope, pass1.importOrder, leftOut);
  return { facts, readsDeferred: types.readsDeferred };
}

// ---- pass 1: scopes and bindings -------------------------------------------------------

interface ModuleScopes {
  /** Per region, its top-level statements and what pass 1 made for them. */
  regions: Array<{ region: ParsedRegion; made: Array<{ stmt: Node; entry: StatementMemo }> }>;
  /** Every function, lambda and class scope, by the id of its node. */
  scopeByNode: Map<number, Scope>;
  /** Modules imported, in order of appearance. */
  importOrder: string[];
}

/** The module's bindings and the scopes of its statements. A statement whose copy is reused (in
 * `previous`) keeps its scopes; every statement's are recorded in `statements` when given. */
function collectScopes(roots: ParsedRegion[], moduleScope: Scope, previous: Map<Node, StatementMemo> | undefined, statements: Map<Node, StatementMemo> | undefined): ModuleScopes {
  const scopeByNode = new Map<number, Scope>();
  const importOrder: string[] = [];
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
      statements?.set(stmt, entry);
      return { stmt, entry };
    });
    return { region, made };
  });
  return { regions, scopeByNode, importOrder };
}

// ---- pass 2: facts ---------------------------------------------------------------------

/** A node to visit: in which scope, function and loop. */
type Visit = [node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined];

/** Visits the statements of a file in order and records their facts (ids global to the file). */
class FactsWalk {
  readonly functions: FunctionFact[] = [];
  readonly calls: CallFact[] = [];
  readonly loops: LoopFact[] = [];
  readonly awaits: AwaitFact[] = [];
  readonly handoffs: Array<HandoffFact & { workNodeId?: number }> = [];
  readonly classEntries: Array<[string, WorkspaceRef[]]> = [];
  private readonly functionIdByNode = new Map<number, number>();
  /** Per loop id, how many loops of its function enclose it. */
  private readonly loopDepths: number[] = [];
  /** Per async function (by id): where its body first suspends (./lifecycle). */
  private readonly firstSuspensions = new Map<number, number>();
  private readonly suspendingLoops = new Map<Node, boolean>();
  /** Classes of this file, by qualified name: whether a test runner runs their methods. */
  private readonly testClasses = new Map<string, boolean>();
  private readonly surroundings: CallSurroundings;
  private readonly importsPytest: boolean;
  /** The first line of the region being walked. */
  lineOffset = 0;
  /** The statements reused so far: their lines in the last extraction and how far they moved. */
  private readonly movedStatements: Array<{ oldStart: number; oldEnd: number; lines: number }> = [];
  /** Whether movedStatements is in the order of their old lines (reused statements keep their
   * order unless code was moved past other code): then a binary search finds a line's statement. */
  private movedInOrder = true;
  /** Nodes still to visit, the next one last: the walk is iterative so that no depth of nesting
   * overflows the call stack. Each node is visited before what it contains, in document order,
   * as a recursive walk would. */
  private readonly pending: Visit[] = [];

  constructor(
    private readonly moduleScope: Scope,
    private readonly scopeByNode: Map<number, Scope>,
    private readonly types: TypeInference,
    private readonly classScopes: Map<string, Scope>,
    /** Keep each statement's facts for the next extraction (./memo). */
    private readonly remember: boolean,
  ) {
    this.surroundings = new CallSurroundings(types);
    this.importsPytest = [...moduleScope.bindings.values()].some((b) => b.kind === 'import' && /^pytest(_asyncio)?(\.|$)/.test(b.target));
  }

  readonly range = (n: Node): Range => ({
    start: { line: n.startPosition.row + this.lineOffset, character: n.startPosition.column },
    end: { line: n.endPosition.row + this.lineOffset, character: n.endPosition.column },
  });

  /** How many lines the reused statement that held old line `line` moved; undefined when that
   * statement was not reused (so far). */
  private movedOf(line: number): number | undefined {
    const moved = this.movedStatements;
    if (!this.movedInOrder) return moved.find((m) => m.oldStart <= line && line <= m.oldEnd)?.lines;
    let lo = 0;
    let hi = moved.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (moved[mid].oldStart > line) hi = mid - 1;
      else if (moved[mid].oldEnd < line) lo = mid + 1;
      else return moved[mid].lines;
    }
    return undefined;
  }

  /** Records a top-level statement's facts: those of the last extraction when `reuse` allows it
   * and there are any, else from a visit. */
  statement(stmt: Node, entry: StatementMemo, reuse: boolean): void {
    const cached = reuse ? entry.facts : undefined;
    // A receiver made in another statement moved with it: reused only when that one was reused
    // before this one (its lines, old and new, are then known).
    if (cached && originsOutside(cached).every((r) => this.movedOf(r.start.line) !== undefined)) {
      pythonFactsStats.reusedStatements++;
      const lines = stmt.startPosition.row - cached.start.line;
      const moved = this.movedStatements;
      if (moved.length && moved[moved.length - 1].oldStart > cached.start.line) this.movedInOrder = false;
      moved.push({ oldStart: cached.start.line, oldEnd: cached.end.line, lines });
      entry.facts = this.place(cached, lines, (r) => this.movedOf(r.start.line) ?? 0);
      return;
    }
    pythonFactsStats.visitedStatements++;
    const start = { functions: this.functions.length, calls: this.calls.length, loops: this.loops.length, awaits: this.awaits.length, handoffs: this.handoffs.length, classes: this.classEntries.length };
    this.pending.push([stmt, this.moduleScope, undefined, undefined]);
    while (this.pending.length) {
      const [node, scope, functionId, loopId] = this.pending.pop()!;
      this.visit(node, scope, functionId, loopId);
    }
    // Hand-offs of lambdas point at the lambda's FunctionFact (always inside the statement).
    for (let i = start.handoffs; i < this.handoffs.length; i++) {
      const { workNodeId, ...h } = this.handoffs[i];
      if (workNodeId !== undefined) this.handoffs[i] = { ...h, workFunctionId: this.functionIdByNode.get(workNodeId) };
    }
    if (!this.remember) return;
    entry.facts = {
      start: this.range(stmt).start,
      end: this.range(stmt).end,
      functionBase: start.functions,
      callBase: start.calls,
      loopBase: start.loops,
      functions: this.functions.slice(start.functions),
      calls: this.calls.slice(start.calls),
      loops: this.loops.slice(start.loops),
      awaits: this.awaits.slice(start.awaits),
      handoffs: this.handoffs.slice(start.handoffs),
      classes: this.classEntries.slice(start.classes),
    };
  }

  /** Appends a statement's facts from an earlier extraction, renumbered and moved as needed. */
  private place(facts: StatementFacts, lines: number, linesOutside: (r: Range) => number): StatementFacts {
    const placed = placeFacts(facts, lines, { functions: this.functions.length, calls: this.calls.length, loops: this.loops.length }, linesOutside);
    this.functions.push(...placed.functions);
    this.calls.push(...placed.calls);
    this.loops.push(...placed.loops);
    this.awaits.push(...placed.awaits);
    this.handoffs.push(...placed.handoffs);
    this.classEntries.push(...placed.classes);
    return placed;
  }

  private visit(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    if (node.type === 'function_definition' || node.type === 'lambda') return this.visitFunction(node, scope, functionId, loopId);
    if (node.type === 'class_definition') return this.visitClass(node, scope, functionId, loopId);
    if (LOOP_NODES.has(node.type) || COMPREHENSIONS.has(node.type)) return this.visitLoop(node, scope, functionId, loopId);
    if (node.type === 'await') this.recordAwait(node, functionId, loopId);
    if (node.type === 'with_item' && node.parent?.parent?.children.some((c) => c?.type === 'async')) this.recordAsyncWith(node, functionId, loopId);
    if (node.type === 'call') this.recordCall(node, scope, functionId, loopId);
    this.scheduleChildren(node, scope, functionId, loopId);
  }

  /** Visits `node` before the nodes scheduled earlier: what a node contains is scheduled last first. */
  private schedule(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    this.pending.push([node, scope, functionId, loopId]);
  }

  private scheduleChildren(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) this.schedule(children[i], scope, functionId, loopId);
  }

  private visitFunction(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    const inner = this.scopeByNode.get(node.id);
    const id = this.functions.length;
    this.functionIdByNode.set(node.id, id);
    const isAsync = node.type === 'function_definition' && node.children.some((c) => c?.type === 'async');
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const isDef = node.type === 'function_definition';
    const test =
      (functionId !== undefined && !!this.functions[functionId].test) ||
      (isDef && ((!!scope.classInfo && this.isTestClass(scope)) || isPytestTest(node, scope, this.types, this.importsPytest)));
    const cached = isDef && isMemoised(node, scope, this.types);
    const route = routeOfDecorators(node);
    // `@app.on_event("startup")` (FastAPI, Starlette): a start-up or shutdown hook.
    const hook = node.parent?.type === 'decorated_definition' && node.parent.namedChildren.some((d) => d?.type === 'decorator' && /\.on_event\(\s*["'](startup|shutdown)["']/.test(d.text));
    this.functions.push({
      id,
      name: nameNode?.text ?? '<lambda>',
      ...(route !== undefined ? { route } : {}),
      isAsync,
      runsOnEventLoop: isAsync,
      range: this.range(node),
      nameRange: this.range(nameNode ?? node),
      parentId: functionId,
      qualifiedName: `${scope.qualifiedPrefix}${nameNode?.text ?? '<lambda>'}`,
      isGenerator: isDef && !!body && containsYield(body),
      ...(test ? { test } : {}),
      ...(cached ? { cached } : {}),
      ...(hook ? { lifecycleHook: true } : {}),
      params: parameterNames(node.childForFieldName('parameters')),
      falsyWhenOmitted: falsyDefaults(node.childForFieldName('parameters')),
    });
    if (isAsync && body) this.firstSuspensions.set(id, firstSuspension(body));
    // The defaults (in the enclosing scope), then the body.
    if (body && inner) this.schedule(body, inner, id, undefined);
    const params = node.childForFieldName('parameters');
    if (params) this.scheduleChildren(params, scope, functionId, loopId);
  }

  private visitClass(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    const inner = this.scopeByNode.get(node.id);
    const supers = node.childForFieldName('superclasses');
    if (inner?.classInfo) {
      this.classEntries.push([
        inner.classInfo.qualifiedName,
        (supers?.namedChildren ?? [])
          .filter((c): c is Node => !!c && (c.type === 'identifier' || c.type === 'attribute'))
          .map((c) => this.types.resolveCallee(c, scope)?.ref)
          .filter((r): r is WorkspaceRef => !!r),
      ]);
    }
    const body = node.childForFieldName('body');
    if (body && inner) this.schedule(body, inner, functionId, loopId);
    if (supers) this.scheduleChildren(supers, scope, functionId, loopId);
  }

  private visitLoop(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    const depth = loopId === undefined ? 0 : this.loopDepths[loopId] + 1;
    if (depth >= MAX_LOOP_NESTING) {
      this.scheduleChildren(node, scope, functionId, loopId);
      return;
    }
    const id = this.loops.length;
    this.loops.push(describeLoop(node, id, functionId, loopId, this.range, scope));
    this.loopDepths[id] = depth;
    if (COMPREHENSIONS.has(node.type)) {
      this.scheduleChildren(node, scope, functionId, id);
      return;
    }
    // The iterable and the condition run in the loop (for `while`) or once (for `for`). In this
    // order: the iterable, the condition, the body, the `else` block.
    const alternative = node.childForFieldName('alternative');
    if (alternative) this.schedule(alternative, scope, functionId, loopId);
    const body = node.childForFieldName('body');
    if (body) this.schedule(body, scope, functionId, id);
    const condition = node.childForFieldName('condition');
    if (condition) this.schedule(condition, scope, functionId, id);
    const right = node.childForFieldName('right');
    if (right) this.schedule(right, scope, functionId, loopId);
  }

  private recordAwait(node: Node, functionId: number | undefined, loopId: number | undefined): void {
    const inner = node.namedChildren[0];
    this.awaits.push({
      range: this.range(node),
      functionId,
      loopId,
      callIndex: inner?.type === 'call' ? this.calls.length : undefined,
      reads: inner ? readNames(inner) : [],
      ...(loopId !== undefined ? { guardReads: guardReads(node) } : {}),
    });
  }

  /** `async with session.get(url) as resp:` awaits entering the call's result: an await of that call. */
  private recordAsyncWith(item: Node, functionId: number | undefined, loopId: number | undefined): void {
    const value = item.namedChildren[0]?.type === 'as_pattern' ? item.namedChildren[0].namedChildren[0] : item.namedChildren[0];
    if (value?.type !== 'call') return;
    this.awaits.push({
      range: this.range(value),
      functionId,
      loopId,
      callIndex: this.calls.length,
      reads: readNames(value),
      asyncWith: true,
      ...(loopId !== undefined ? { guardReads: guardReads(item) } : {}),
    });
  }

  /** The functions of this file the call registers as start-up or shutdown hooks: aiohttp's
   * `app.on_startup.append(f)` (and `on_shutdown`, `on_cleanup`), `on_startup=[f]` /
   * `on_shutdown=[f]` (Starlette, FastAPI), `atexit.register(f)`, and a SIGINT/SIGTERM handler
   * (`signal.signal`, `loop.add_signal_handler`). */
  private registeredHooks(call: Node, callee: Node, target: string | undefined, scope: Scope): string[] | undefined {
    const args = call.childForFieldName('arguments');
    if (args?.type !== 'argument_list') return undefined;
    const positional = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment');
    const hooks: Node[] = [];
    const listed = (node: Node | null | undefined) => (node?.type === 'list' || node?.type === 'tuple' ? node.namedChildren.filter((c): c is Node => !!c) : []);
    const appended = /\.on_(startup|shutdown|cleanup)\.(append|insert|extend)$/.exec(callee.text);
    if (appended) hooks.push(...(appended[2] === 'append' ? positional.slice(0, 1) : appended[2] === 'insert' ? positional.slice(1, 2) : listed(positional[0])));
    else if (target === 'atexit.register') hooks.push(...positional.slice(0, 1));
    else if ((target === 'signal.signal' || callee.text.endsWith('.add_signal_handler')) && /\bSIG(INT|TERM|QUIT|BREAK)\b/.test(positional[0]?.text ?? '')) hooks.push(...positional.slice(1, 2));
    for (const arg of args.namedChildren) {
      if (arg?.type === 'keyword_argument' && /^on_(startup|shutdown)$/.test(arg.childForFieldName('name')?.text ?? '')) hooks.push(...listed(arg.childForFieldName('value')));
    }
    const names = hooks.map((h) => this.types.resolveCallee(h, scope)?.ref).filter((r) => r && r.module === undefined).map((r) => r!.name);
    return names.length ? names : undefined;
  }

  /** The serving functions the call is given by reference (`start_soon(trio.serve_tcp, ...)`). */
  private servingReferences(call: Node, scope: Scope): string[] | undefined {
    const args = call.childForFieldName('arguments');
    if (args?.type !== 'argument_list') return undefined;
    const serving = SERVING_CALLS;
    const found: string[] = [];
    for (const arg of args.namedChildren) {
      if (arg?.type !== 'identifier' && arg?.type !== 'attribute') continue;
      const target = this.types.resolveCallee(arg, scope)?.target;
      if (target && serving.some((pattern) => pattern.test(target))) found.push(target);
    }
    return found.length ? found : undefined;
  }

  /** `call` is the whole of the last statement of function `functionId`'s body. */
  private isLastStatement(call: Node, functionId: number): boolean {
    const statement = call.parent;
    const body = statement?.parent;
    const def = body?.parent;
    if (statement?.type !== 'expression_statement' || body?.type !== 'block' || !def || this.functionIdByNode.get(def.id) !== functionId) return false;
    const statements = body.namedChildren.filter((c) => c?.type !== 'comment');
    return statements[statements.length - 1]?.id === statement.id;
  }

  /** A parameter the function's body does not bind again: what a caller passes is what a test of
   * it sees. */
  private unboundParameter(name: string, scope: Scope): boolean {
    const b = lookupBinding(name, scope);
    return b?.kind === 'local' && b.values?.length === 1 && b.values[0].via === 'parameter';
  }

  private recordCall(node: Node, scope: Scope, functionId: number | undefined, loopId: number | undefined): void {
    const callee = node.childForFieldName('function');
    if (!callee) return;
    const resolved = this.types.resolveCallee(callee, scope);
    const first = functionId === undefined ? undefined : this.firstSuspensions.get(functionId);
    const target = resolved?.target;
    const guard = functionId === undefined ? undefined : guardingParameter(node, new Set(this.functions[functionId].params));
    const guardedBy = guard && this.unboundParameter(guard, scope) ? guard : undefined;
    if (functionId !== undefined && target && PROCESS_ENDS.test(target) && this.isLastStatement(node, functionId)) this.functions[functionId].endsProcess = true;
    this.calls.push(
      describeCall(node, callee, resolved, this.range, functionId, loopId, {
        beforeSuspension: first !== undefined && beforeSuspension(node, first, this.suspendingLoops),
        once: functionId !== undefined && this.surroundings.runsOnce(node, scope),
        cheap: this.surroundings.cheapFile(node, target, scope),
        ready: this.surroundings.readyAfterPoll(node, callee) || this.surroundings.finishedFuture(node, callee, scope),
        runs: target && ENTRY_RUNNERS.has(target) ? this.entryRun(node, scope) : undefined,
        guardedBy,
        passesServing: this.servingReferences(node, scope),
        registersHooks: this.registeredHooks(node, callee, target, scope),
      }),
    );
    const handoff = describeHandoff(node, callee, resolved, scope, this.types);
    if (handoff) this.handoffs.push({ ...handoff, range: this.range(node), functionId, via: callee.text });
  }

  /** A class with a test-case base (`unittest.TestCase`), directly or through a class of this file. */
  private isTestClass(classScope: Scope, depth = 0): boolean {
    const info = classScope.classInfo!;
    const known = this.testClasses.get(info.qualifiedName);
    if (known !== undefined) return known;
    this.testClasses.set(info.qualifiedName, false);
    const outer = classScope.parent ?? this.moduleScope;
    const test = (info.superclasses?.namedChildren ?? []).some((c) => {
      if (!c || (c.type !== 'identifier' && c.type !== 'attribute')) return false;
      const r = this.types.resolveCallee(c, outer);
      const local = r?.ref && r.ref.module === undefined ? this.classScopes.get(r.ref.name) : undefined;
      return isTestCaseBase(r?.target) || (!!local && depth < 8 && this.isTestClass(local, depth + 1));
    });
    this.testClasses.set(info.qualifiedName, test);
    return test;
  }

  /** `asyncio.run(main())`, `trio.run(main)`: the function `main` names. */
  private entryRun(runner: Node, scope: Scope): WorkspaceRef | undefined {
    const first = runner.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment');
    const named = first?.type === 'call' ? first.childForFieldName('function') : first;
    return named ? this.types.resolveCallee(named, scope)?.ref : undefined;
  }

  /** Marks the entry coroutines of this file (on copies: the facts a statement keeps for the next
   * extraction must not say what another statement made them). */
  markEntries(): void {
    const names = new Set(this.calls.filter((c) => c.runs && c.runs.module === undefined).map((c) => c.runs!.name));
    if (!names.size) return;
    this.functions.forEach((fn, i) => {
      if (fn.isAsync && fn.qualifiedName && names.has(fn.qualifiedName)) this.functions[i] = { ...fn, entry: true };
    });
  }

  /** Marks the functions of this file that a call registers as start-up or shutdown hooks (on
   * copies, as markEntries does). */
  markLifecycleHooks(): void {
    const names = new Set(this.calls.flatMap((c) => c.registersHooks ?? []));
    if (!names.size) return;
    this.functions.forEach((fn, i) => {
      if (fn.qualifiedName && names.has(fn.qualifiedName)) this.functions[i] = { ...fn, lifecycleHook: true };
    });
  }

  /** A function that calls itself is recursive. */
  markRecursion(): void {
    for (const call of this.calls) {
      if (call.functionId === undefined || !call.callee || call.callee.module !== undefined) continue;
      const fn = this.functions[call.functionId];
      if (fn.qualifiedName && call.callee.name === fn.qualifiedName) fn.recursive = true;
    }
  }
}

/** Calls that replace or end the process. */
const PROCESS_ENDS = /^(os\.(exec[lv]p?e?|_exit|abort)|sys\.exit|builtins\.(exit|quit))$/;

/** `def f(self, path, make_dir=False, mode=None)` -> make_dir, mode: the parameters whose default is falsy. */
function falsyDefaults(params: Node | null): string[] {
  const names: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (p?.type !== 'default_parameter' && p?.type !== 'typed_default_parameter') continue;
    const name = p.childForFieldName('name');
    const value = p.childForFieldName('value');
    if (name?.type === 'identifier' && value && isFalsyLiteral(value)) names.push(name.text);
  }
  return names;
}

/** `def f(self, url, *rest, timeout=3, **kw)` -> self, url, rest, timeout, kw. */
function parameterNames(params: Node | null): string[] {
  const names: string[] = [];
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    const name = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? p.namedChildren[0]?.namedChildren.find((c) => c?.type === 'identifier');
    if (name?.type === 'identifier') names.push(name.text);
  }
  return names;
}

/** The file's SourceFacts from what the walk recorded and the module's bindings. */
function assembleFacts(file: string, text: string, parsed: ParsedPython, walk: FactsWalk, moduleScope: Scope, importOrder: string[], leftOut: LeftOut): SourceFacts {
  const classes: Record<string, WorkspaceRef[]> = {};
  for (const [name, refs] of walk.classEntries) classes[name] = refs;
  const reexports: Record<string, WorkspaceRef> = {};
  const constants: Record<string, number> = {};
  for (const [name, b] of moduleScope.bindings) {
    if (b.kind === 'import') reexports[name] = { module: b.module, name: b.name };
    else if (b.kind === 'local' && b.values?.length === 1) {
      const value = constantInt(b.values[0].node, b.values[0].scope);
      if (value !== undefined) constants[name] = value;
    }
  }
  const facts: SourceFacts = {
    file,
    language: 'python',
    functions: walk.functions,
    calls: walk.calls,
    suppressions: parseSuppressions(text, PYTHON_SUPPRESSION),
    syntaxErrors: parsed.errorLines.map((line) => ({ start: { line, character: 0 }, end: { line, character: 0 } })),
    loops: walk.loops,
    awaits: walk.awaits,
    handoffs: walk.handoffs,
    reexports,
    ...(Object.keys(constants).length ? { constants } : {}),
    classes,
    importedModules: [...new Set(importOrder)],
  };
  if (leftOut.names.size) facts.deferredNames = [...leftOut.names];
  const framework = asyncFrameworkOf(text);
  if (framework !== 'asyncio') facts.asyncFramework = framework;
  return facts;
}
