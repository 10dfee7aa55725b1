// What the Python front end keeps between the parses of a file being edited, so that an edit
// re-extracts only the statements it touched: per statement its scopes and facts, and a signature
// of what statements read of each other. A statement whose facts are reused gets them renumbered
// and moved to its new lines here.
import type { AwaitFact, CallFact, FunctionFact, HandoffFact, LoopFact, Position, Range, WorkspaceRef } from '../types';
import { constantInt, containsYield } from './loops';
import type { ClassInfo, Scope } from './scopes';
import type { SyntaxNode as Node } from './syntax';
import { typeSignature, type TypeInference } from './types';

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

export interface StatementMemo {
  /** The scopes made for the functions, lambdas and classes in the statement, in order. */
  scopes: Array<[number, Scope]>;
  /** Modules imported inside those scopes, in order (those at module level are read every time). */
  imports: string[];
  facts?: StatementFacts;
}

/** The facts a top-level statement contributed, as emitted (ids global, lines of that text). */
export interface StatementFacts {
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

// A statement's facts depend on the rest of the file only through the module's bindings (what
// each name resolves to, its inferred type and constant value) and the classes' attributes
// (their inferred types). When none of that changed, a statement with the same copy has the
// same facts. Inferred types carry the range of the call that made the object, so an edit that
// moves such a call changes the signature.
export function moduleSignature(moduleScope: Scope, classInfoByName: Map<string, ClassInfo>, types: TypeInference): string {
  const out: string[] = [[...moduleScope.globals].join(' ')];
  for (const [name, b] of moduleScope.bindings) {
    if (b.kind === 'import') out.push(`${name} import ${b.target} ${b.module} ${b.name}`);
    else if (b.kind === 'def') out.push(`${name} def ${b.qualifiedName} ${b.isClass} ${b.node ? returnsSignature(b.node) : ''}`);
    else if (b.kind === 'self') out.push(`${name} self ${b.classQualifiedName}`);
    else if (!b.values) out.push(`${name} local`);
    else {
      // constantInt follows a name at most four deep: its value at every depth.
      const v = b.values;
      const constants = v.length === 1 ? [1, 2, 3, 4].map((depth) => String(constantInt(v[0].node, v[0].scope, depth))).join(' ') : '';
      out.push(`${name} local ${v.length} ${typeSignature(types.typeOfValues(v))} ${constants}`);
    }
  }
  for (const [name, info] of classInfoByName) {
    out.push(`class ${name}`);
    for (const [attr, values] of info.attributes) out.push(`.${attr} ${typeSignature(types.typeOfValues(values))}`);
  }
  return out.join('\n');
}

/** Per definition node, returnsSignature: a reused statement keeps its scopes and their nodes, so
 * each keystroke computes it only for the definitions it touched. */
const returnsByDefinition = new WeakMap<Node, string>();

/** What other statements read of a definition besides its name (./types returnTypeOf): a
 * function's return annotation and, when it has one, whether calling it runs it (async,
 * generator); a class's, those of its methods. */
function returnsSignature(def: Node): string {
  const known = returnsByDefinition.get(def);
  if (known !== undefined) return known;
  const own = (fn: Node) => {
    const returns = fn.childForFieldName('return_type')?.text;
    if (!returns) return '';
    const body = fn.childForFieldName('body');
    return `${fn.childForFieldName('name')?.text ?? ''}->${returns} ${fn.children.some((c) => c?.type === 'async')} ${!!body && containsYield(body)}`;
  };
  const inner = def.type === 'decorated_definition' ? def.childForFieldName('definition') : def;
  const methods = inner?.type === 'class_definition' ? (inner.childForFieldName('body')?.namedChildren ?? []).map((c) => (c?.type === 'decorated_definition' ? c.childForFieldName('definition') : c)) : [inner];
  const signature = methods.filter((m): m is Node => m?.type === 'function_definition').map(own).join(';');
  returnsByDefinition.set(def, signature);
  return signature;
}

/** Where the facts of the statements before a reused one end: the ids its facts must start at. */
export interface FactBases {
  functions: number;
  calls: number;
  loops: number;
}

/** A statement's facts from an earlier extraction, placed after facts that end at `bases`: as they
 * were when nothing before it changed, else copies with ids renumbered and lines moved by `lines`. */
export function placeFacts(facts: StatementFacts, lines: number, bases: FactBases, linesOutside: (r: Range) => number = () => 0): StatementFacts {
  const fn = bases.functions - facts.functionBase;
  const call = bases.calls - facts.callBase;
  const loop = bases.loops - facts.loopBase;
  if (!fn && !call && !loop && !lines && !facts.calls.some((c) => c.receiverOrigin && !contains(facts, c.receiverOrigin) && linesOutside(c.receiverOrigin))) return facts;
  const id = (base: number) => (n: number | undefined) => (n === undefined ? undefined : n + base);
  const fnId = id(fn);
  const callId = id(call);
  const loopId = id(loop);
  const move = (r: Range): Range => moveRange(r, lines);
  // The range of the call that made a receiver lies in this statement, or in another one, which
  // moved by its own lines (`linesOutside`).
  const moveOrigin = (r: Range): Range => (contains(facts, r) ? move(r) : moveRange(r, linesOutside(r)));
  return {
    start: movePosition(facts.start, lines),
    end: movePosition(facts.end, lines),
    functionBase: bases.functions,
    callBase: bases.calls,
    loopBase: bases.loops,
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
      derived: l.derived?.map((d) => ({ ...d, at: movePosition(d.at, lines) })),
    })),
    awaits: facts.awaits.map((a) => ({ ...a, range: move(a.range), functionId: fnId(a.functionId), loopId: loopId(a.loopId), callIndex: callId(a.callIndex) })),
    handoffs: facts.handoffs.map((h) => ('workFunctionId' in h ? { ...h, range: move(h.range), functionId: fnId(h.functionId), workFunctionId: fnId(h.workFunctionId) } : { ...h, range: move(h.range), functionId: fnId(h.functionId) })),
    classes: facts.classes,
  };
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

/** The ranges of other statements this one's receivers were made in. */
export function originsOutside(facts: StatementFacts): Range[] {
  return facts.calls.flatMap((c) => (c.receiverOrigin && !contains(facts, c.receiverOrigin) ? [c.receiverOrigin] : []));
}

/** The range lies within the statement. */
function contains(facts: StatementFacts, r: Range): boolean {
  return before(facts.start, r.start) && before(r.end, facts.end);
}
