// Call facts for Python: what a call names (resolved by ./types), what it passes, whether it sits
// where a would-block exception is caught (a non-blocking descriptor), and the hand-offs of work
// to threads and processes (`Thread(target=f)`, `pool.submit(f)`, `run_in_executor(None, f)`,
// through `functools.partial`).
import type { CallFact, HandoffFact, Range } from '../types';
import { PYTHON_HANDOFFS } from './catalogue';
import { SCOPE_NODES, type Scope } from './scopes';
import { expressionTop, type SyntaxNode as Node } from './syntax';
import type { Resolved, TypeInference } from './types';

/** A hand-off as the call describes it; a lambda handed over is named by its node until its
 * FunctionFact exists (`workNodeId`). */
export type HandoffDescription = Omit<HandoffFact, 'range' | 'functionId' | 'via'> & { workNodeId?: number };

/** What the code around a call says of it (./lifecycle, ./cheap); only the true ones are kept. */
export type CallCircumstances = Pick<CallFact, 'beforeSuspension' | 'once' | 'cheap' | 'ready' | 'runs' | 'guardedBy' | 'passesServing' | 'registersHooks'>;

/** The fact of a call whose callee resolved to `resolved`. */
export function describeCall(
  node: Node,
  callee: Node,
  resolved: Resolved | undefined,
  range: (n: Node) => Range,
  functionId: number | undefined,
  loopId: number | undefined,
  circumstances: CallCircumstances = {},
): CallFact {
  const argsNode = node.childForFieldName('arguments');
  return {
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
    ...Object.fromEntries(Object.entries(circumstances).filter(([, v]) => v)),
  };
}

/** A call that hands a function to a thread or process: which worker, and which function. */
export function describeHandoff(call: Node, callee: Node, resolved: Resolved | undefined, scope: Scope, types: TypeInference): HandoffDescription | undefined {
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
      const t = types.typeOf(executor, scope)?.canonical;
      if (t === 'concurrent.futures.ThreadPoolExecutor') pool = 'thread';
      else if (t === 'concurrent.futures.ProcessPoolExecutor') pool = 'process';
    }
    work = positional[1];
  }
  if (!pool || !work) return undefined;
  // functools.partial(f, ...) hands over f.
  while (work.type === 'call') {
    const fn: Node | null = work.childForFieldName('function');
    const target = fn ? types.resolveCallee(fn, scope)?.target : undefined;
    const inner: Node | null | undefined = work.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment');
    if (target !== 'functools.partial' || !inner) return undefined;
    work = inner;
  }
  if (work.type === 'lambda') return { pool, workNodeId: work.id };
  const ref = types.resolveCallee(work, scope)?.ref;
  return ref ? { pool, work: ref } : undefined;
}

/** The call sits in the body of a `try` whose `except` catches `BlockingIOError` (or ssl's
 * want-read/want-write): the descriptor is non-blocking and the code awaits readiness instead. */
function catchesWouldBlock(call: Node): boolean {
  for (let child = expressionTop(call), parent = child.parent; parent && !SCOPE_NODES.has(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || child.type !== 'block' || parent.childForFieldName('body')?.id !== child.id) continue;
    if (parent.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && /^except\*?[^:]*\b(BlockingIOError|SSLWantReadError|SSLWantWriteError)\b/.test(c.text))) return true;
  }
  return false;
}
