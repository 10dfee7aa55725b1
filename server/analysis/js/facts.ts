// JavaScript/TypeScript front end: parses with typescript-estree and turns the AST into
// SourceFacts: functions (which of them run on the event loop: ./context), calls resolved through
// require, ESM imports (named, default, namespace, `node:` prefix), destructuring renames and
// factory/constructor results (`express()`, `new Database()`), loops and awaits (./loops), and
// the references the workspace call graph follows (local functions, `this.method()`, imports of
// workspace files). Shadowed names are left unresolved.
import type { TSESTree } from '@typescript-eslint/types';
import { MAX_LOOP_NESTING, MAX_NAMED_NESTING, type AwaitFact, type CallFact, type FunctionFact, type Language, type LoopFact, type Range, type SourceFacts, type WorkspaceRef } from '../types';
import { SourceSyntaxError, SourceTooDeepError } from '../frontEndErrors';
import { parseSuppressions, type SuppressionSyntax } from '../suppressions';
import { JAVASCRIPT_BLOCKING_BY_NAME } from './catalogue';
import { callbackRoles, decoratedAsHandler, MAX_CHAIN_CALLS, routeOfRegistration, type CallbackRole } from './context';
import { isModuleOnDisk } from './resolve';
import { cheapFile, guardingParameter, isFalsyLiteral, isGuard, runsOnce, type CallContext, type Guard } from './surroundings';
import { isAliased, pathAliasesFor } from './tsconfig';
import { isWorkspacePackage, workspacePackagesFor } from './workspacePackages';
import { forEachNode, NodeStack } from './walk';
import {
  awaitGuards,
  consumesCollection,
  countExpression,
  derivedDeclarations,
  headerAwaits,
  indexedCollection,
  isLoopNode,
  iterableOrder,
  iterableReads,
  loopAwaits,
  loopBound,
  loopCarriedAssignments,
  setsAsideOnFailure,
  loopExits,
  loopTargets,
  namesRead,
  numericValue,
  reachesNextIterationWithoutAwait,
  type LoopNode,
} from './loops';

/** `// boundwise-ignore-next-line BW101` or `// boundwise-ignore-line` (a block comment works too). */
export const JS_SUPPRESSION: SuppressionSyntax = { marker: 'boundwise-ignore', pattern: /\/[/*]\s*boundwise-ignore(?:-next-line|-line)?\b([^\n*]*)/ };

export type AnyNode = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** What a name is bound to: an imported or constructed dotted name, a function or class of this
 * file, an instance of a workspace class, or something unknown. */
export type Binding =
  | {
      kind: 'import';
      target: string;
      /** workspace imports: the specifier and export name ('' for the module) */
      module?: { specifier: string; name: string };
      /** Made by a compiler's interop helper (`__importDefault(require("fs"))`): its `.default` is the module. */
      interop?: boolean;
      /** what it is declared with (`const file = path.join(__dirname, 'x')`) */
      init?: AnyNode;
    }
  | { kind: 'function'; node: FunctionNode }
  | { kind: 'class'; node: ClassNode }
  | { kind: 'instance'; of: { node?: ClassNode; module?: string; name: string } }
  /** `value`: a `const` bound to a numeric constant (`const LIMIT = 100`). */
  | { kind: 'local'; value?: number; /** what it is declared with (`const base = '/proc/'`) */ init?: AnyNode };

export interface Scope {
  bindings: Map<string, Binding>;
  parent?: Scope;
}

/** A JS/TS syntax error, with the position typescript-estree reports. */
export class JsSyntaxError extends SourceSyntaxError {}

/** TypeScript's parser and typescript-estree's conversion recurse once per level of nesting and
 * give up on code nested deeper than the thread's stack allows (about 1,000 levels of `(`, `[`,
 * calls or `+` on a main thread, 500 of `if` blocks): the code is not wrong, it is too deep for the
 * parser on this stack. */
export class JsTooDeepError extends SourceTooDeepError {
  constructor() {
    super('its code is nested too deeply for the JavaScript/TypeScript parser');
  }
}

/** The error V8 throws when the call stack is full. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** `node:fs` -> `fs`, `fs/promises` -> `fs.promises`. Workspace paths stay as written. */
export function canonicalModule(specifier: string): string {
  if (isWorkspaceSpecifier(specifier)) return specifier;
  return specifier.replace(/^node:/, '').replace(/\/(promises|sync)$/, '.$1');
}

export function isWorkspaceSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

/** Whether an import names a workspace file in the file being extracted: a relative path, one
 * its tsconfig `paths` map (`@/lib/x`), or a package of its monorepo by name (`@acme/util`). Set
 * for the duration of extractJsFacts. */
let isWorkspaceImport: (specifier: string) => boolean = isWorkspaceSpecifier;

type Estree = typeof import('@typescript-eslint/typescript-estree');
let estree: Estree | undefined;

/** typescript-estree (and TypeScript) loaded on first use: `boundwise lint` parses in worker
 * threads, and its main thread should not pay for loading the compiler. */
function estreeParser(): Estree {
  return (estree ??= require('@typescript-eslint/typescript-estree') as Estree);
}

export function parseJs(text: string, file: string): TSESTree.Program {
  const { parse } = estreeParser();
  const jsx = !/\.(ts|mts|cts)$/i.test(file);
  try {
    // JSDoc is not read: skipping it is a measurable part of TypeScript's parse time.
    return parse(text, { loc: true, range: true, jsx, comment: false, errorOnUnknownASTType: false, allowInvalidAST: true, suppressDeprecatedPropertyWarnings: true, jsDocParsingMode: 'none' });
  } catch (error) {
    if (isStackOverflow(error)) throw new JsTooDeepError();
    const e = error as { message?: string; location?: { start: { line: number; column: number }; end: { line: number; column: number } }; lineNumber?: number; column?: number };
    const line = (e.location?.start.line ?? e.lineNumber ?? 1) - 1;
    const character = e.location?.start.column ?? e.column ?? 0;
    throw new JsSyntaxError(e.message ?? String(error), { start: { line, character }, end: { line, character } });
  }
}

export function toRange(node: { loc: TSESTree.SourceLocation }): Range {
  return {
    start: { line: node.loc.start.line - 1, character: node.loc.start.column },
    end: { line: node.loc.end.line - 1, character: node.loc.end.column },
  };
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function isFunctionNode(node: AnyNode | null | undefined): node is FunctionNode {
  return !!node && FUNCTION_TYPES.has(node.type);
}

interface FunctionState {
  id: number | undefined;
  node?: FunctionNode;
  /** The `if` statements and logical assignments met so far in this function, in source order
   * (./surroundings). One array per function, shared by every context inside it. */
  guards: Guard[];
}

/** Where a node is visited: in which scope, function, loop and class. Shared by the nodes of a
 * subtree until one of these changes. */
interface VisitContext {
  scope: Scope;
  fn: FunctionState;
  /** The innermost loop of the function around the node. */
  loopId: number | undefined;
  /** The innermost class around the node (for `this.method()` and qualified names). */
  cls: ClassNode | undefined;
}

export function extractJsFacts(file: string, text: string, language: Language, program: TSESTree.Program): SourceFacts {
  const aliases = pathAliasesFor(file);
  const packages = workspacePackagesFor(file);
  isWorkspaceImport =
    aliases || packages
      ? (specifier) => isWorkspaceSpecifier(specifier) || isAliased(aliases, specifier, isModuleOnDisk) || isWorkspacePackage(packages, specifier)
      : isWorkspaceSpecifier;
  try {
    return extractWithScopes(file, text, language, program);
  } finally {
    isWorkspaceImport = isWorkspaceSpecifier;
  }
}

function extractWithScopes(file: string, text: string, language: Language, program: TSESTree.Program): SourceFacts {
  const functions: FunctionFact[] = [];
  const functionNodes: FunctionNode[] = [];
  const calls: CallFact[] = [];
  const loops: LoopFact[] = [];
  const awaits: AwaitFact[] = [];
  const idOfNode = new Map<AnyNode, number>();
  /** For each `await` in a loop's body, the names the conditions deciding whether it runs read. */
  const guardsOfAwait = new Map<AnyNode, string[]>();
  const moduleScope: Scope = { bindings: new Map() };
  collectBindings(program, moduleScope);

  /** Roles given to function arguments by the call they are passed to (handler, sync callback, ...). */
  const roles = new Map<AnyNode, CallbackRole>();
  /** Handlers registered for a route (`app.get('/x', async (req, res) => ...)`): the route. */
  const routes = new Map<AnyNode, string>();
  /** Handlers passed by name (`app.get('/', handle)`): marked once every function has an id. */
  const namedHandlers: FunctionNode[] = [];
  /** Functions registered by name as start-up or shutdown hooks (`process.on('SIGTERM', stop)`). */
  const lifecycleHooks: FunctionNode[] = [];
  /** Calls of functions of this file, resolved to qualified names once every function has one. */
  const localCallees: { call: number; node: FunctionNode; caller?: FunctionNode }[] = [];
  const classes: Record<string, WorkspaceRef[]> = {};
  const lineStarts = computeLineStarts(text);
  /** Module specifiers this file imports or requires, anywhere in it. */
  const importedModules = new Set<string>();
  /** Async functions called at the module's top level while it loads. */
  const entryNodes = new Set<FunctionNode>();
  const callContext = (scope: Scope, cls: ClassNode | undefined): CallContext => ({
    resolve: (n) => resolveCallee(n, scope),
    initOf: (name) => {
      const b = lookupBinding(name, scope);
      return b?.kind === 'local' || b?.kind === 'import' ? b.init : undefined;
    },
    outlivesCall: (name) => !scope.bindings.has(name) && !!lookupBinding(name, scope),
    bound: (name) => !!lookupBinding(name, scope),
    functionOf: (callee) => {
      // `this.load()`: a method of the class around the call.
      if (callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' && !callee.computed && cls) {
        const name = nameOf(callee.property);
        const method = cls.body.body.find((m) => m.type === 'MethodDefinition' && !m.computed && nameOf(m.key) === name);
        return method?.type === 'MethodDefinition' ? method.value : undefined;
      }
      const b = callee.type === 'Identifier' ? lookupBinding(callee.name, scope) : undefined;
      return b?.kind === 'function' ? b.node : undefined;
    },
    text,
  });

  // The tree is walked with an explicit stack, not recursion (no depth of nesting overflows the
  // call stack): each node before its children, in source order, as a recursive walk would.
  const pending = new NodeStack<VisitContext>();

  const visit = (node: AnyNode, parent: AnyNode | undefined, context: VisitContext): void => {
    const { scope, fn } = context;
    if (isFunctionNode(node)) {
      visitFunction(node, parent, context);
      return;
    }
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      const name = node.id?.name;
      if (name && fn.id === undefined) classes[name] = node.superClass ? [...baseRef(node.superClass, scope)] : [];
      pending.pushChildren(node, { scope, fn, loopId: context.loopId, cls: node });
      return;
    }
    if (isLoopNode(node)) {
      visitLoop(node, context);
      return;
    }
    if (isGuard(node)) fn.guards.push(node);
    if (node.type === 'AwaitExpression') {
      awaits.push({
        range: toRange(node),
        functionId: fn.id,
        loopId: context.loopId,
        callIndex: node.argument.type === 'CallExpression' ? calls.length : undefined,
        reads: namesRead(node.argument),
        ...(context.loopId !== undefined ? { guardReads: guardsOfAwait.get(node) ?? [] } : {}),
      });
    }
    if (node.type === 'ImportExpression' && node.source.type === 'Literal' && typeof node.source.value === 'string') importedModules.add(node.source.value);
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const required = node.type === 'CallExpression' ? requiredSpecifier(node) : undefined;
      if (required !== undefined) importedModules.add(required);
      const target = resolveCallee(node.callee, scope);
      if (node.type === 'CallExpression') visitCall(node, parent, target, context);
      const route = node.type === 'CallExpression' ? routeOfRegistration(node, (n) => resolveCallee(n, scope)) : undefined;
      for (const [arg, role] of callbackRoles(node, target, (n) => resolveCallee(n, scope))) {
        if (isFunctionNode(arg)) {
          if (!roles.has(arg)) roles.set(arg, role);
          if (route !== undefined && role === 'handler' && !routes.has(arg)) routes.set(arg, route);
        } else if (arg.type === 'Identifier' && role === 'handler') {
          const binding = lookupBinding(arg.name, scope);
          if (binding?.kind === 'function') namedHandlers.push(binding.node);
        } else if (arg.type === 'Identifier' && role === 'lifecycle') {
          const binding = lookupBinding(arg.name, scope);
          if (binding?.kind === 'function') lifecycleHooks.push(binding.node);
        }
      }
    }
    pending.pushChildren(node, context);
  };

  /** Per function id, how many functions enclose it. */
  const functionDepths: number[] = [];
  const visitFunction = (node: FunctionNode, parent: AnyNode | undefined, context: VisitContext): void => {
    const { scope, fn: outer, cls } = context;
    const id = functions.length;
    const nameNode = functionNameNode(node, parent);
    const role = roles.get(node);
    const enclosing = outer.id === undefined ? undefined : functions[outer.id];
    const depth = outer.id === undefined ? 0 : functionDepths[outer.id] + 1;
    functionDepths[id] = depth;
    const runsOnEventLoop =
      node.async ||
      role === 'handler' ||
      (role === 'sync-callback' && !!enclosing?.runsOnEventLoop) ||
      (parent?.type === 'MethodDefinition' && decoratedAsHandler(parent));
    const name = nameNode ? nameOf(nameNode) : isDefaultExport(parent) ? 'default' : node.type === 'ArrowFunctionExpression' ? '<arrow>' : '<function>';
    const route = routes.get(node);
    functions.push({
      id,
      name,
      ...(route !== undefined ? { route } : {}),
      isAsync: node.async,
      runsOnEventLoop,
      range: toRange(node),
      nameRange: toRange(nameNode ?? node),
      parentId: outer.id,
      qualifiedName: depth < MAX_NAMED_NESTING ? qualifiedNameOf(name, parent, enclosing, cls) : undefined,
      isGenerator: node.generator,
      ...(role === 'test' || enclosing?.test ? { test: true } : {}),
      params: node.params.map(parameterName),
      falsyWhenOmitted: node.params.filter(falsyWhenOmitted).map(parameterName),
    });
    functionNodes.push(node);
    idOfNode.set(node, id);
    const inner: Scope = { bindings: new Map(), parent: scope };
    for (const param of node.params) bindPattern(param, inner);
    if (node.type === 'FunctionExpression' && node.id) inner.bindings.set(node.id.name, { kind: 'function', node });
    // The body (in the function's scope), then the parameters' defaults (in the enclosing one).
    for (let i = node.params.length - 1; i >= 0; i--) pending.push(node.params[i], node, context);
    if (node.body) {
      collectBindings(node.body, inner);
      pending.push(node.body, node, { scope: inner, fn: { id, node, guards: [] }, loopId: undefined, cls });
    }
  };

  /** Per loop id, how many loops of its function enclose it. */
  const loopDepths: number[] = [];
  const visitLoop = (node: LoopNode, context: VisitContext): void => {
    const { scope, fn } = context;
    const depth = context.loopId === undefined ? 0 : loopDepths[context.loopId] + 1;
    if (depth >= MAX_LOOP_NESTING) {
      pending.pushChildren(node, context);
      return;
    }
    const id = loops.length;
    loopDepths[id] = depth;
    const { assigned, carriedIntoCondition, accumulates } = loopCarriedAssignments(node);
    const isForAwait = node.type === 'ForOfStatement' && node.await;
    const bound = loopBound(node, (name) => constantIn(name, scope));
    const countRef = bound === 'counted' ? workspaceRefOf(countExpression(node), scope) : undefined;
    const targets = loopTargets(node);
    const indexed = bound === 'counted' ? indexedCollection(node) : undefined;
    const reads = iterableReads(node, bound, (name) => !!lookupBinding(name, scope));
    const order = iterableOrder(node);
    const derived = derivedDeclarations(node, targets);
    const setsAside = node.type !== 'WhileStatement' && node.type !== 'DoWhileStatement' && setsAsideOnFailure(node, new Set([...targets, ...derived.map((d) => d.name)]));
    loops.push({
      id,
      functionId: fn.id,
      parentLoopId: context.loopId,
      kind: isForAwait ? 'async-for' : node.type === 'WhileStatement' || node.type === 'DoWhileStatement' ? 'while' : 'for',
      range: toRange(node),
      headerRange: headerRange(node, text, lineStarts),
      bound,
      ...(countRef ? { countRef } : {}),
      awaits: loopAwaits(node),
      // State carried into the condition (`do { page = await next(cursor) } while (cursor)`), or a
      // test or update that awaits, makes the iterations a chain, like an early exit does.
      exits: loopExits(node) || carriedIntoCondition || headerAwaits(node),
      assigned,
      targets,
      derived: derived.map((d) => ({ name: d.name, at: toRange(d.after).end, ...(d.fromAwait ? { fromAwait: true } : {}) })),
      ...(indexed ? { passOver: namesRead(indexed) } : {}),
      ...(reads ? { iterableReads: reads } : {}),
      ...(order ? { order } : {}),
      ...(isForAwait ? {} : { spins: reachesNextIterationWithoutAwait(node) }),
      ...(consumesCollection(node) ? { consumes: true } : {}),
      ...(accumulates ? { accumulates: true } : {}),
      ...(setsAside ? { setsAsideFailures: true } : {}),
    });
    for (const [awaitNode, names] of awaitGuards(node)) guardsOfAwait.set(awaitNode, names);
    // What a `for` header computes once (its init, the iterable) runs outside the loop; the test,
    // the update and the body run in every iteration. In this order (pushed last first).
    const inside: VisitContext = { scope, fn, loopId: id, cls: context.cls };
    const parts: Array<[AnyNode | null | undefined, VisitContext]> =
      node.type === 'ForStatement'
        ? [[node.init, context], [node.test, inside], [node.update, inside], [node.body, inside]]
        : node.type === 'ForOfStatement' || node.type === 'ForInStatement'
          ? [[node.right, context], [node.left, inside], [node.body, inside]]
          : node.type === 'WhileStatement'
            ? [[node.test, inside], [node.body, inside]]
            : [[node.body, inside], [node.test, inside]];
    for (let i = parts.length - 1; i >= 0; i--) {
      const [part, where] = parts[i];
      if (part) pending.push(part, node, where);
    }
  };

  const visitCall = (node: TSESTree.CallExpression, parent: AnyNode | undefined, written: string | undefined, { scope, fn, loopId, cls }: VisitContext): void => {
    const index = calls.length;
    const open = text.indexOf('(', (node.typeArguments ?? node.callee).range[1]);
    const argsRange = open >= 0 ? rangeOf(open, node.range[1], lineStarts) : undefined;
    const ref = workspaceRef(node.callee, scope, cls);
    // `fs.readFileSync.call(fs, p)` calls `fs.readFileSync`.
    const called = written?.replace(/\.(call|apply)$/, '');
    const target = called && called !== written && JAVASCRIPT_BLOCKING_BY_NAME.has(called) ? called : written;
    const callee = isIndirection(node.callee) ? node.callee.expressions[1] : node.callee;
    const guarding = fn.id !== undefined && fn.guards.length ? guardingParameter(node, fn.guards, new Set(functions[fn.id].params)) : undefined;
    // What a caller passes is what the test sees only when the body does not assign the parameter.
    const guardedBy = guarding && fn.node && !assignsName(fn.node, guarding) ? guarding : undefined;
    // The function's body ends by ending the process.
    const body = fn.node && 'body' in fn.node ? fn.node.body : undefined;
    if (fn.id !== undefined && target && PROCESS_ENDS.test(target) && parent?.type === 'ExpressionStatement' && body?.type === 'BlockStatement' && body.body[body.body.length - 1] === parent) functions[fn.id].endsProcess = true;
    calls.push({
      target: blocksAsWritten(target, node) ? target : target && `${target}(callback)`,
      calleeText: text.slice(callee.range[0], callee.range[1]),
      range: toRange(node),
      calleeRange: toRange(callee),
      functionId: fn.id,
      awaited: parent?.type === 'AwaitExpression',
      callee: ref && 'module' in ref ? ref : undefined,
      loopId,
      args: node.arguments.map((a) => text.slice(a.range[0], a.range[1])),
      argsRange,
      ...(smallConstantRequest(target, node, scope) || (target && JAVASCRIPT_BLOCKING_BY_NAME.has(target) && cheapFile(node, target, callContext(scope, cls))) ? { cheap: true } : {}),
      ...(fn.id !== undefined && fn.guards.length && runsOnce(node, target, fn.guards, callContext(scope, cls)) ? { once: true } : {}),
      ...(guardedBy ? { guardedBy } : {}),
    });
    // Calls at the module's top level run while it loads: an async function called there (before
    // any top-level `await` but the one awaiting this call) is an entry, and runs alone until it
    // first suspends. One of another module: the workspace index marks it (`runs`).
    const awaitedHere = (a: AwaitFact) => parent?.type === 'AwaitExpression' && a.range.start.line === parent.loc.start.line - 1 && a.range.start.character === parent.loc.start.column;
    if (fn.id === undefined && !awaits.some((a) => a.functionId === undefined && !awaitedHere(a))) {
      let callee: AnyNode = node.callee;
      while (callee.type === 'ChainExpression' || callee.type === 'TSNonNullExpression') callee = callee.expression;
      if (isFunctionNode(callee) && callee.async) entryNodes.add(callee);
      else if (ref && 'node' in ref && ref.node.async) entryNodes.add(ref.node);
      else if (ref && 'module' in ref) calls[index].runs = ref;
    }
    if (ref && 'node' in ref) localCallees.push({ call: index, node: ref.node, caller: fn.node });
    else if (ref && 'method' in ref) calls[index].callee = ref.method;
  };

  pending.push(program, undefined, { scope: moduleScope, fn: { id: undefined, guards: [] }, loopId: undefined, cls: undefined });
  while (pending.pop()) visit(pending.node, pending.parent, pending.context);

  // Named handlers, and the sync callbacks nested in them, run on the event loop too.
  for (const node of namedHandlers) {
    const id = idOfNode.get(node);
    if (id !== undefined) functions[id].runsOnEventLoop = true;
  }
  if (namedHandlers.length) {
    for (const f of functions) {
      if (!f.runsOnEventLoop && f.parentId !== undefined && roles.get(functionNodes[f.id]) === 'sync-callback') {
        f.runsOnEventLoop = functions[f.parentId].runsOnEventLoop;
      }
    }
  }
  for (const node of entryNodes) {
    const id = idOfNode.get(node);
    if (id !== undefined) functions[id].entry = true;
  }
  for (const node of [...lifecycleHooks, ...functionNodes.filter((n) => roles.get(n) === 'lifecycle')]) {
    const id = idOfNode.get(node);
    if (id !== undefined) functions[id].lifecycleHook = true;
  }
  markBeforeSuspension(functions, calls, loops, awaits);
  // A worker_threads script (it imports `parentPort` or `workerData` and never asks `isMainThread`)
  // runs off the main thread: blocking there is what offloading is for.
  if (isWorkerScript(moduleScope, calls, text)) for (const f of functions) f.runsOnEventLoop = false;
  for (const { call, node, caller } of localCallees) {
    const id = idOfNode.get(node);
    const name = id === undefined ? undefined : functions[id].qualifiedName;
    if (name) calls[call].callee = { name };
    if (caller === node && id !== undefined) functions[id].recursive = true;
  }

  const reexports = collectModuleInterface(program, moduleScope, importedModules, (n) => {
    const id = idOfNode.get(n);
    return id === undefined ? undefined : functions[id].qualifiedName;
  });
  const constants: Record<string, number> = {};
  for (const [name, b] of moduleScope.bindings) if (b.kind === 'local' && b.value !== undefined) constants[name] = b.value;
  return {
    file,
    language,
    functions,
    calls,
    suppressions: parseSuppressions(text, JS_SUPPRESSION),
    syntaxErrors: [],
    loops,
    awaits,
    reexports,
    ...(Object.keys(constants).length ? { constants } : {}),
    classes,
    importedModules: [...importedModules],
  };
}

/** Marks the calls of each async function made before it first suspends (an `await`, a
 * `for await`) and not in a loop that suspends. */
function markBeforeSuspension(functions: FunctionFact[], calls: CallFact[], loops: LoopFact[], awaits: AwaitFact[]): void {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
  const contains = (outer: Range, inner: Range) => !before(inner.start, outer.start) && !before(outer.end, inner.end);
  const suspensions = new Map<number, Range[]>();
  for (const a of awaits) if (a.functionId !== undefined) suspensions.set(a.functionId, [...(suspensions.get(a.functionId) ?? []), a.range]);
  for (const l of loops) if (l.kind === 'async-for' && l.functionId !== undefined) suspensions.set(l.functionId, [...(suspensions.get(l.functionId) ?? []), l.range]);
  for (const call of calls) {
    const fn = call.functionId === undefined ? undefined : functions[call.functionId];
    if (!fn?.isAsync || fn.isGenerator) continue;
    const points = suspensions.get(fn.id) ?? [];
    if (points.some((p) => !before(call.range.start, p.start))) continue;
    const inSuspendingLoop = loops.some((l) => l.functionId === fn.id && contains(l.range, call.range) && points.some((p) => contains(l.range, p)));
    if (!inSuspendingLoop) call.beforeSuspension = true;
  }
}

/** Per function node, the names its body (nested functions included) assigns: `x = ...`, `x += ...`,
 * `x++`, `for (x of ...)`, destructuring assignments. */
const assignedNames = new WeakMap<AnyNode, Set<string>>();

function assignsName(fnNode: AnyNode, name: string): boolean {
  let names = assignedNames.get(fnNode);
  if (!names) {
    const found = new Set<string>();
    const body = 'body' in fnNode ? (fnNode.body as AnyNode | null | undefined) : undefined;
    if (body) {
      forEachNode(body, (node) => {
        const target = node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' ? node.argument : node.type === 'ForOfStatement' || node.type === 'ForInStatement' ? node.left : undefined;
        // `this.x = ...` assigns a property, not the name.
        if (target) forEachNode(target, (n) => (n.type === 'MemberExpression' ? false : void (n.type === 'Identifier' && found.add(n.name))));
      });
    }
    assignedNames.set(fnNode, (names = found));
  }
  return names.has(name);
}

/** A parameter's name (`url`, `timeout = 3`, `...rest`); '' for a destructured one, so positions still match arguments. */
/** Calls that end the process. */
const PROCESS_ENDS = /^process\.(exit|abort|reallyExit)$/;

/** A parameter that is falsy when a call leaves it out: no default, or a falsy literal one. */
function falsyWhenOmitted(param: TSESTree.Parameter): boolean {
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  if (inner.type === 'Identifier') return true;
  return inner.type === 'AssignmentPattern' && inner.left.type === 'Identifier' && isFalsyLiteral(inner.right);
}

function parameterName(param: TSESTree.Parameter): string {
  const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
  const target = inner.type === 'AssignmentPattern' ? inner.left : inner.type === 'RestElement' ? inner.argument : inner;
  return target.type === 'Identifier' ? target.name : '';
}

function isWorkerScript(scope: Scope, calls: CallFact[], text: string): boolean {
  if (!text.includes('worker_threads') || text.includes('isMainThread')) return false;
  const targets = new Set([...scope.bindings.values()].map((b) => (b.kind === 'import' ? b.target : '')));
  if (targets.has('worker_threads.parentPort') || targets.has('worker_threads.workerData')) return true;
  // `const wt = require('worker_threads'); wt.parentPort.on(...)`
  return calls.some((c) => c.target?.startsWith('worker_threads.parentPort.'));
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(offset: number, lineStarts: number[]): Range['start'] {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}

function rangeOf(start: number, end: number, lineStarts: number[]): Range {
  return { start: positionAt(start, lineStarts), end: positionAt(end, lineStarts) };
}

/** The loop's first line: from the keyword to the body's `{` (or the end of that line). */
function headerRange(loop: LoopNode, text: string, lineStarts: number[]): Range {
  const start = loop.range[0];
  const startLine = loop.loc.start.line - 1;
  const lineEnd = startLine + 1 < lineStarts.length ? lineStarts[startLine + 1] - 1 : text.length;
  let end = lineEnd;
  if (loop.type !== 'DoWhileStatement' && loop.body.range[0] < lineEnd) end = loop.body.type === 'BlockStatement' ? loop.body.range[0] + 1 : loop.body.range[0];
  while (end > start && /\s/.test(text[end - 1])) end--;
  return rangeOf(start, end, lineStarts);
}

function isDefaultExport(parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'ExportDefaultDeclaration') return true;
  return parent.type === 'AssignmentExpression' && isModuleExports(parent.left);
}

function isModuleExports(node: AnyNode): boolean {
  return node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.object.name === 'module' && nameOf(node.property) === 'exports';
}

/** `exports.x` or `module.exports.x` -> `x`. */
function exportedMemberName(node: AnyNode): string | undefined {
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const onExports = (node.object.type === 'Identifier' && node.object.name === 'exports') || isModuleExports(node.object);
  return onExports ? nameOf(node.property) : undefined;
}

/** Name unique in the file, as other files see it: `fetch`, `Client.fetch`, `outer.<locals>.inner`. */
function qualifiedNameOf(name: string, parent: AnyNode | undefined, enclosing: FunctionFact | undefined, cls: ClassNode | undefined): string | undefined {
  if (name.startsWith('<')) return undefined;
  let own = name;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') {
    if (!cls?.id) return undefined;
    own = `${cls.id.name}.${name}`;
  }
  if (!enclosing) return own;
  return enclosing.qualifiedName ? `${enclosing.qualifiedName}.<locals>.${own}` : undefined;
}

function baseRef(superClass: AnyNode, scope: Scope): WorkspaceRef[] {
  if (superClass.type !== 'Identifier') return [];
  const binding = lookupBinding(superClass.name, scope);
  if (binding?.kind === 'class') return [{ name: superClass.name }];
  if (binding?.kind === 'import' && binding.module) return [{ module: binding.module.specifier, name: binding.module.name || 'default' }];
  return [];
}

/** A call the catalogue says is cheap for a small constant size, asked for one (`randomBytes(16)`). */
function smallConstantRequest(target: string | undefined, call: TSESTree.CallExpression, scope: Scope): boolean {
  const limit = target ? JAVASCRIPT_BLOCKING_BY_NAME.get(target)?.cheapUpTo : undefined;
  const size = limit !== undefined && call.arguments[0] ? numericValue(call.arguments[0] as AnyNode, (name) => constantIn(name, scope)) : undefined;
  return size !== undefined && limit !== undefined && size <= limit;
}

/** False for calls that the catalogue says block only without a callback, when one is passed. */
function blocksAsWritten(target: string | undefined, call: TSESTree.CallExpression): boolean {
  if (!target || !JAVASCRIPT_BLOCKING_BY_NAME.get(target)?.onlyWithoutCallback) return true;
  const last = call.arguments[call.arguments.length - 1];
  return !(last && (isFunctionNode(last) || (last.type === 'Identifier' && call.arguments.length > 1)));
}

export function nameOf(node: AnyNode): string {
  if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') return node.name;
  if (node.type === 'Literal') return String(node.value);
  return '<computed>';
}

/** The node naming a function: its id, or the variable, property, method or export it is assigned to. */
function functionNameNode(fn: FunctionNode, parent: AnyNode | undefined): AnyNode | undefined {
  if (fn.id) return fn.id;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
  if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) return parent.key;
  if (parent.type === 'AssignmentExpression' && exportedMemberName(parent.left) && parent.left.type === 'MemberExpression') return parent.left.property;
  return undefined;
}

/** Resolves a callee to a canonical dotted name (`fs.readFileSync`, `Atomics.wait`) or undefined.
 * Call and `new` results resolve to `name()`, so `new Database(f).exec` is `better-sqlite3().exec`. */
function resolveCallee(callee: AnyNode, scope: Scope): string | undefined {
  /** Member names read after each call in the chain (`a().b().c`: [c], [b]), innermost last,
   * each in reverse order; collected from the outside in, without recursion. */
  const levels: string[][] = [[]];
  let node: AnyNode = callee;
  for (;;) {
    if (node.type === 'ChainExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSAsExpression') {
      node = node.expression;
    } else if (isIndirection(node)) {
      node = node.expressions[1];
    } else if (node.type === 'MemberExpression') {
      if (node.computed) {
        if (node.property.type !== 'Literal' || typeof node.property.value !== 'string') return undefined;
        levels[levels.length - 1].push(node.property.value);
      } else {
        levels[levels.length - 1].push(nameOf(node.property));
      }
      node = node.object;
    } else if ((node.type === 'CallExpression' || node.type === 'NewExpression') && !requiredSpecifier(node)) {
      // A factory or constructor result: `express().get`, `new Koa().use`.
      if (levels.length > MAX_CHAIN_CALLS) return undefined;
      levels.push([]);
      node = node.callee;
    } else break;
  }
  let base: string | undefined;
  if (node.type === 'Identifier') {
    base = lookup(node.name, scope);
    // `node_fs_1.default.readFileSync`: the module itself, through the interop helper.
    const binding = lookupBinding(node.name, scope);
    const innermost = levels[levels.length - 1];
    if (binding?.kind === 'import' && binding.interop && innermost[innermost.length - 1] === 'default') innermost.pop();
  } else if (node.type === 'ThisExpression') return undefined;
  else base = requiredModule(node);
  if (base === undefined) return undefined;
  let resolved = [base, ...levels.pop()!.reverse()].join('.');
  while (levels.length) resolved = [`${resolved}()`, ...levels.pop()!.reverse()].join('.');
  return resolved;
}

/** `(0, fs_1.readFileSync)`: how TypeScript and Babel call an imported function without a `this`. */
function isIndirection(node: AnyNode): node is TSESTree.SequenceExpression {
  return node.type === 'SequenceExpression' && node.expressions.length === 2 && node.expressions[0].type === 'Literal';
}

/** Helpers compilers wrap a `require` in to give CommonJS modules an ES module's shape. */
const INTEROP_HELPERS = /^(__importDefault|__importStar|_interopRequireDefault|_interopRequireWildcard|__toESM)$/;

function interopArgument(node: AnyNode): AnyNode | undefined {
  if (node.type !== 'CallExpression' || node.arguments.length < 1) return undefined;
  let callee: AnyNode = node.callee;
  if (isIndirection(callee)) callee = callee.expressions[1];
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? nameOf(callee.property) : undefined;
  return name && INTEROP_HELPERS.test(name) ? (node.arguments[0] as AnyNode) : undefined;
}

/** `require('fs')` -> `fs`; anything else -> undefined. */
function requiredModule(node: AnyNode): string | undefined {
  const specifier = requiredSpecifier(node);
  return specifier === undefined ? undefined : canonicalModule(specifier);
}

function requiredSpecifier(node: AnyNode): string | undefined {
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0].type === 'Literal' &&
    typeof node.arguments[0].value === 'string'
  ) {
    return node.arguments[0].value;
  }
  return undefined;
}

function constantIn(name: string, scope: Scope): number | undefined {
  const binding = lookupBinding(name, scope);
  return binding?.kind === 'local' ? binding.value : undefined;
}

/** What a name (`LIMIT`) or a member of a module (`config.LIMIT`) imported from a workspace file refers to. */
function workspaceRefOf(node: TSESTree.Identifier | TSESTree.MemberExpression | undefined, scope: Scope): WorkspaceRef | undefined {
  let binding: Binding | undefined;
  if (node?.type === 'Identifier') binding = lookupBinding(node.name, scope);
  else if (node?.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.property.type === 'Identifier') {
    const base = lookupBinding(node.object.name, scope);
    binding = base?.kind === 'import' ? member(base, node.property.name) : undefined;
  }
  return binding?.kind === 'import' && binding.module ? { module: binding.module.specifier, name: binding.module.name } : undefined;
}

export function lookupBinding(name: string, scope: Scope): Binding | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const binding = s.bindings.get(name);
    if (binding) return binding;
  }
  return undefined;
}

function lookup(name: string, scope: Scope): string | undefined {
  const binding = lookupBinding(name, scope);
  if (!binding) return name; // a global such as `Atomics` or `require`
  return binding.kind === 'import' && !binding.module ? binding.target : undefined;
}

/** Where a call goes in the workspace: a function node of this file (resolved to its qualified
 * name later), or a reference to a method or another module's export. */
function workspaceRef(callee: AnyNode, scope: Scope, cls: ClassNode | undefined): { node: FunctionNode } | WorkspaceRef | { method: WorkspaceRef } | undefined {
  let node = callee;
  while (node.type === 'ChainExpression' || node.type === 'TSNonNullExpression' || isIndirection(node)) node = node.type === 'SequenceExpression' ? node.expressions[1] : node.expression;
  if (node.type === 'Identifier') {
    const binding = lookupBinding(node.name, scope);
    if (binding?.kind === 'function') return { node: binding.node };
    if (binding?.kind === 'import' && binding.module) return { module: binding.module.specifier, name: binding.module.name || 'default' };
    return undefined;
  }
  if (node.type === 'CallExpression') {
    // `require('./helper')()`: the module's default export.
    const specifier = requiredSpecifier(node);
    return specifier && isWorkspaceImport(specifier) ? { module: specifier, name: 'default' } : undefined;
  }
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  const method = nameOf(node.property);
  let object = node.object;
  // `helper_1.default.run()`: through the interop helper, `default` is the module.
  if (object.type === 'MemberExpression' && !object.computed && nameOf(object.property) === 'default' && object.object.type === 'Identifier') {
    const b = lookupBinding(object.object.name, scope);
    if (b?.kind === 'import' && b.interop) object = object.object;
  }
  if (object.type === 'ThisExpression') return cls?.id ? { method: { name: `${cls.id.name}.${method}` } } : undefined;
  if (object.type === 'Identifier') {
    const binding = lookupBinding(object.name, scope);
    if (binding?.kind === 'import' && binding.module) {
      if (binding.module.name === '' || binding.module.name === 'default') return { module: binding.module.specifier, name: method };
      return { module: binding.module.specifier, name: `${binding.module.name}.${method}` };
    }
    if (binding?.kind === 'class' && binding.node.id) return { method: { name: `${binding.node.id.name}.${method}` } };
    if (binding?.kind === 'instance') return { method: { module: binding.of.module, name: `${binding.of.name}.${method}` } };
    return undefined;
  }
  const specifier = requiredSpecifier(object);
  if (specifier && isWorkspaceImport(specifier)) return { module: specifier, name: method };
  return undefined;
}

/** What a `require(...)`-style initializer binds: `require('fs')`, `require('fs').promises`,
 * `__importDefault(require('fs'))`, `express()`, `new Service()`, a function or class expression. */
function importedBy(init: AnyNode | null | undefined, scope: Scope): Binding | undefined {
  if (!init) return undefined;
  // `await x`, the members read of it (`require('fs').promises`) and the compilers' interop
  // helpers around it, down to what they read from. Each step is a member's name, or null for an
  // interop helper (a loop, not recursion: generated code can nest these deeply).
  const steps: Array<string | null> = [];
  let node = init;
  for (;;) {
    if (node.type === 'AwaitExpression') node = node.argument;
    else if (node.type === 'MemberExpression' && !node.computed) {
      steps.push(nameOf(node.property));
      node = node.object;
    } else {
      const wrapped = interopArgument(node);
      if (!wrapped) break;
      steps.push(null);
      node = wrapped;
    }
  }
  let binding = boundBy(node, scope);
  for (let i = steps.length - 1; i >= 0; i--) {
    if (binding?.kind !== 'import') return undefined;
    const step = steps[i];
    binding = step === null ? { ...binding, interop: true } : member(binding, step);
  }
  return binding;
}

/** What `importedBy` binds for an initializer that is neither `await` nor a member read. */
function boundBy(init: AnyNode, scope: Scope): Binding | undefined {
  if (init.type === 'Identifier') {
    // An alias of an import (`const { loadUser } = store`, `const f = fs`).
    const binding = lookupBinding(init.name, scope);
    return binding?.kind === 'import' ? binding : undefined;
  }
  if (init.type === 'ImportExpression' && init.source.type === 'Literal' && typeof init.source.value === 'string') {
    return importBinding(init.source.value, '');
  }
  const specifier = requiredSpecifier(init);
  if (specifier !== undefined) return importBinding(specifier, '');
  if (init.type === 'NewExpression' && init.callee.type === 'Identifier') {
    const binding = lookupBinding(init.callee.name, scope);
    if (binding?.kind === 'class' && binding.node.id) return { kind: 'instance', of: { node: binding.node, name: binding.node.id.name } };
    if (binding?.kind === 'import' && binding.module) return { kind: 'instance', of: { module: binding.module.specifier, name: binding.module.name || 'default' } };
  }
  if (init.type === 'CallExpression' || init.type === 'NewExpression') {
    const target = resolveCallee(init, scope);
    if (target) return { kind: 'import', target };
  }
  if (isFunctionNode(init)) return { kind: 'function', node: init };
  if (init.type === 'ClassExpression') return { kind: 'class', node: init };
  return undefined;
}

/** The binding for `base.name` (a property of an imported module or object). */
function member(base: Binding & { kind: 'import' }, name: string): Binding | undefined {
  if (base.interop && name === 'default') return { ...base, interop: undefined };
  if (!base.module) return { kind: 'import', target: `${base.target}.${name}` };
  // Only the module itself (or its default export, which for CommonJS is `module.exports`) has known properties: its exports.
  const isModule = base.module.name === '' || base.module.name === 'default';
  return isModule ? { kind: 'import', target: `${base.target}.${name}`, module: { specifier: base.module.specifier, name } } : undefined;
}

function importBinding(specifier: string, name: string): Binding {
  const base = canonicalModule(specifier);
  if (isWorkspaceImport(specifier)) return { kind: 'import', target: name ? `${base}.${name}` : base, module: { specifier, name } };
  return { kind: 'import', target: name ? `${base}.${name}` : base };
}

/** Binds the names a pattern declares (`a`, `{ x: [y, ...z] = d }`), left to right; `source`:
 * what the whole pattern is bound to. */
function bindPattern(pattern: AnyNode, scope: Scope, source?: Binding): void {
  const pending: Array<[AnyNode, Binding | undefined]> = [[pattern, source]];
  const later = (nodes: Array<[AnyNode, Binding | undefined]>) => {
    for (let i = nodes.length - 1; i >= 0; i--) pending.push(nodes[i]);
  };
  while (pending.length) {
    const [p, from] = pending.pop()!;
    switch (p.type) {
      case 'Identifier':
        scope.bindings.set(p.name, from ?? { kind: 'local' });
        break;
      case 'ObjectPattern':
        later(
          p.properties.map((prop): [AnyNode, Binding | undefined] => {
            if (prop.type === 'RestElement') return [prop.argument, undefined];
            const key = !prop.computed ? nameOf(prop.key) : undefined;
            return [prop.value, from?.kind === 'import' && key ? member(from, key) : undefined];
          }),
        );
        break;
      case 'ArrayPattern':
        later(p.elements.filter((el): el is NonNullable<typeof el> => !!el).map((el): [AnyNode, undefined] => [el, undefined]));
        break;
      case 'AssignmentPattern':
        pending.push([p.left, from]);
        break;
      case 'RestElement':
        pending.push([p.argument, undefined]);
        break;
      case 'TSParameterProperty':
        pending.push([p.parameter, undefined]);
        break;
    }
  }
}

/** Records the names a function body (or the program) binds, without entering nested functions.
 * Block scoping is flattened to the function: a shadowing `let` anywhere hides the import. */
const BINDING_CONTAINERS = new Set([
  'Program', 'BlockStatement', 'StaticBlock', 'IfStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement',
  'DoWhileStatement', 'TryStatement', 'SwitchStatement', 'SwitchCase', 'LabeledStatement', 'WithStatement', 'ExportNamedDeclaration',
  'ExportDefaultDeclaration', 'VariableDeclaration', 'TSModuleDeclaration', 'TSModuleBlock',
]);

function collectBindings(root: AnyNode, scope: Scope): void {
  /** Binds what `node` binds; true when the nodes in it may bind names too. */
  const bind = (node: AnyNode): boolean => {
    switch (node.type) {
      case 'ImportDeclaration': {
        if (node.importKind === 'type') return false;
        const specifier = String(node.source.value);
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportSpecifier') scope.bindings.set(spec.local.name, importBinding(specifier, nameOf(spec.imported)));
          else if (spec.type === 'ImportDefaultSpecifier' && isWorkspaceImport(specifier)) scope.bindings.set(spec.local.name, importBinding(specifier, 'default'));
          else scope.bindings.set(spec.local.name, importBinding(specifier, ''));
        }
        return false;
      }
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          const value = node.kind === 'const' && d.id.type === 'Identifier' ? numericValue(d.init, (name) => constantIn(name, scope)) : undefined;
          const imported = importedBy(d.init, scope);
          const init = d.id.type === 'Identifier' && d.init ? d.init : undefined;
          bindPattern(d.id, scope, imported ? (init && imported.kind === 'import' ? { ...imported, init } : imported) : init ? { kind: 'local', value, init } : value !== undefined ? { kind: 'local', value } : undefined);
        }
        return false;
      case 'FunctionDeclaration':
        if (node.id) scope.bindings.set(node.id.name, { kind: 'function', node });
        return false;
      case 'ClassDeclaration':
        if (node.id) scope.bindings.set(node.id.name, { kind: 'class', node });
        return true;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return false;
      case 'CatchClause':
        if (node.param) bindPattern(node.param, scope);
        break;
      default:
        // Expressions bind nothing outside the functions they contain: only statements are walked.
        if (!BINDING_CONTAINERS.has(node.type)) return false;
    }
    return true;
  };
  forEachNode(root, bind);
}

/** What other files see of this module: exported names that are not the qualified name of a
 * function here (renames, re-exports, `module.exports = fn`); adds the modules its import and
 * export statements name to `importedModules`. */
function collectModuleInterface(
  program: TSESTree.Program,
  scope: Scope,
  importedModules: Set<string>,
  qualifiedName: (node: FunctionNode) => string | undefined,
): Record<string, WorkspaceRef> {
  const reexports: Record<string, WorkspaceRef> = {};
  /** The reference an exported expression stands for, or undefined when the export name already is its qualified name. */
  const refFor = (exported: string, node: AnyNode | null | undefined): void => {
    if (!node) return;
    if (isFunctionNode(node)) {
      const name = qualifiedName(node);
      if (name && name !== exported) reexports[exported] = { name };
      return;
    }
    if (node.type === 'Identifier') {
      const b = lookupBinding(node.name, scope);
      if (b?.kind === 'function') refFor(exported, b.node);
      else if ((b?.kind === 'class' || (b?.kind === 'local' && b.value !== undefined)) && node.name !== exported) reexports[exported] = { name: node.name };
      else if (b?.kind === 'import' && b.module) reexports[exported] = { module: b.module.specifier, name: b.module.name || 'default' };
    }
  };
  const addObject = (obj: TSESTree.ObjectExpression) => {
    for (const prop of obj.properties) {
      if (prop.type === 'Property' && !prop.computed) refFor(nameOf(prop.key), prop.value);
    }
  };
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration') importedModules.add(String(stmt.source.value));
    if (stmt.type === 'ExportNamedDeclaration') {
      if (stmt.source) importedModules.add(String(stmt.source.value));
      for (const spec of stmt.specifiers) {
        if (spec.type !== 'ExportSpecifier') continue;
        const exported = nameOf(spec.exported);
        if (stmt.source) reexports[exported] = { module: String(stmt.source.value), name: nameOf(spec.local) };
        else refFor(exported, spec.local as AnyNode);
      }
    } else if (stmt.type === 'ExportDefaultDeclaration') {
      const decl = stmt.declaration as AnyNode;
      if (decl.type === 'ObjectExpression') addObject(decl);
      else if (decl.type === 'ClassDeclaration' && decl.id) reexports.default = { name: decl.id.name };
      else refFor('default', decl);
    } else if (stmt.type === 'ExportAllDeclaration') {
      importedModules.add(String(stmt.source.value));
      if (stmt.exported) reexports[nameOf(stmt.exported)] = { module: String(stmt.source.value), name: '' };
    } else if (stmt.type === 'ExpressionStatement' && stmt.expression.type === 'AssignmentExpression') {
      const { left, right } = stmt.expression;
      if (isModuleExports(left)) {
        if (right.type === 'ObjectExpression') addObject(right);
        else refFor('default', right);
        const specifier = requiredSpecifier(right);
        if (specifier) reexports.default = { module: specifier, name: 'default' };
      } else {
        const name = exportedMemberName(left);
        if (name) refFor(name, right);
      }
    }
  }
  return reexports;
}
