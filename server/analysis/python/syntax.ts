// A plain-JS copy of a tree-sitter tree for the Python front end. Every property of a
// web-tree-sitter Node is a call into wasm that allocates a fresh object, and the front end walks
// the tree several times (scopes, bindings, facts, loop bodies). So the tree is copied once, with
// one cursor walk (./wasmCursor) that reads only type ids, field ids and offsets, and everything
// after that is JS. Text and positions are computed from the source text on demand.
//
// Offsets are stored relative to an `Anchor` shared by a top-level statement and everything in
// it: after an edit elsewhere in the file, the statement's copy is reused by moving its anchor
// (see ./incremental), without touching its nodes.
import type { Language, Tree } from 'web-tree-sitter';
import { walkTree, type Walk } from './wasmCursor';

interface Point {
  row: number;
  column: number;
}

/** The text a tree was parsed from, with its line starts (computed when first needed). */
export class SourceText {
  private starts?: number[];
  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.starts = starts);
  }

  /** Row and column (UTF-16 code units, as web-tree-sitter reports them) of an offset. */
  pointAt(offset: number): Point {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }
}

/** Where a subtree's stored offsets point in the current text: `offset + delta` in `source`. */
export interface Anchor {
  source: SourceText;
  delta: number;
}

/** Per grammar: node type names, which are named, and field names by id. */
interface Tables {
  types: string[];
  named: boolean[];
  fieldIds: Map<string, number>;
}

const tablesByLanguage = new WeakMap<Language, Tables>();

function tablesFor(language: Language): Tables {
  let t = tablesByLanguage.get(language);
  if (t) return t;
  const types: string[] = [];
  const named: boolean[] = [];
  for (let i = 0; i < language.nodeTypeCount; i++) {
    types.push(language.nodeTypeForId(i) ?? '');
    named.push(language.nodeTypeIsNamed(i));
  }
  const fieldIds = new Map<string, number>();
  language.fields.forEach((name, id) => {
    if (name) fieldIds.set(name, id);
  });
  t = { types, named, fieldIds };
  tablesByLanguage.set(language, t);
  return t;
}

let nextId = 1;
const NO_CHILDREN: SyntaxNode[] = [];

export class SyntaxNode {
  readonly id = nextId++;
  parent: SyntaxNode | null;
  /** Every child: named ones, and of anonymous tokens `async` and those under a field (operators). */
  children: SyntaxNode[] = NO_CHILDREN;
  /** The field id under which this node sits in its parent (0: none). */
  fieldId = 0;
  isNamed: boolean;
  anchor: Anchor;
  private namedCache?: SyntaxNode[];
  private textCache?: string;
  /** expressionTop()'s answer, once asked: it never crosses a statement, so it holds as long as
   * the statement the node is in (reused statements keep it). */
  expressionTopCache?: SyntaxNode;

  constructor(
    readonly type: string,
    isNamed: boolean,
    private readonly start: number,
    private readonly end: number,
    anchor: Anchor,
    parent: SyntaxNode | null,
    private readonly fieldIds: Map<string, number>,
  ) {
    this.isNamed = isNamed;
    this.anchor = anchor;
    this.parent = parent;
  }

  get startIndex(): number {
    return this.start + this.anchor.delta;
  }

  get endIndex(): number {
    return this.end + this.anchor.delta;
  }

  /** The node's text; a reused statement's text is unchanged by definition, so this is cached. */
  get text(): string {
    return (this.textCache ??= this.anchor.source.text.slice(this.start + this.anchor.delta, this.end + this.anchor.delta));
  }

  get startPosition(): Point {
    return this.anchor.source.pointAt(this.start + this.anchor.delta);
  }

  get endPosition(): Point {
    return this.anchor.source.pointAt(this.end + this.anchor.delta);
  }

  get namedChildren(): SyntaxNode[] {
    return (this.namedCache ??= this.children.length === 0 ? NO_CHILDREN : this.children.filter((c) => c.isNamed));
  }

  childForFieldName(name: string): SyntaxNode | null {
    const id = this.fieldIds.get(name);
    if (id === undefined) return null;
    for (const c of this.children) if (c.fieldId === id) return c;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const id = this.fieldIds.get(name);
    if (id === undefined) return [];
    return this.children.filter((c) => c.fieldId === id);
  }
}

/** Copies the node under `cursor` (of type `typeId`, read by the caller) and its descendants, and
 * leaves the cursor where it found it. Offsets are stored minus `anchor.delta`. Depth-first with
 * an explicit stack of the nodes being filled, not recursion: code nested thousands deep (a long
 * `1 + 1 + ...`) must not overflow the call stack. */
export function copySubtree(cursor: Walk, tables: Tables, anchor: Anchor, parent: SyntaxNode | null, typeId = cursor.typeId): SyntaxNode {
  const top = new SyntaxNode(tables.types[typeId], tables.named[typeId], cursor.startIndex - anchor.delta, cursor.endIndex - anchor.delta, anchor, parent, tables.fieldIds);
  if (!cursor.gotoFirstChild()) return top;
  /** The nodes whose children the cursor is among, innermost last, and the children copied so far. */
  const open: SyntaxNode[] = [top];
  const copied: SyntaxNode[][] = [[]];
  for (;;) {
    const fieldId = cursor.fieldId;
    const childType = cursor.typeId;
    // Punctuation and keywords (anonymous tokens) are a third of the nodes and the front end
    // reads none of them but `async` and those under a field (`operator`): the rest is skipped.
    if (fieldId !== 0 || tables.named[childType] || tables.types[childType] === 'async') {
      const node = open[open.length - 1];
      const child = new SyntaxNode(tables.types[childType], tables.named[childType], cursor.startIndex - anchor.delta, cursor.endIndex - anchor.delta, anchor, node, tables.fieldIds);
      child.fieldId = fieldId;
      copied[copied.length - 1].push(child);
      if (cursor.gotoFirstChild()) {
        open.push(child);
        copied.push([]);
        continue;
      }
    }
    while (!cursor.gotoNextSibling()) {
      cursor.gotoParent();
      const node = open.pop()!;
      const children = copied.pop()!;
      if (children.length) node.children = children;
      if (open.length === 0) return top;
    }
  }
}

/** Expressions that can hold a call and that no upward walk from a call stops at: not `lambda`
 * (a scope), not comprehensions (loops), not statements, blocks or clauses. */
const PLAIN_EXPRESSIONS = new Set([
  'call', 'argument_list', 'keyword_argument', 'parenthesized_expression', 'list', 'tuple', 'set', 'dictionary', 'pair',
  'binary_operator', 'boolean_operator', 'comparison_operator', 'unary_operator', 'not_operator', 'conditional_expression',
  'attribute', 'subscript', 'slice', 'await', 'list_splat', 'dictionary_splat', 'parenthesized_list_splat',
  'expression_list', 'named_expression', 'string', 'interpolation', 'concatenated_string',
]);

/** The outermost of the plain expressions around `node` (`node` itself when its parent is none):
 * walks up from a call to what encloses its statement (an `if`, a `try`, a loop, a scope) may start
 * there. Memoised along the path, so asking it for each of N nested calls (`f(f(f(...)))`) costs
 * O(N) in all where walking from each call costs O(N²). */
export function expressionTop(node: SyntaxNode): SyntaxNode {
  const path: SyntaxNode[] = [];
  let top = node;
  for (;;) {
    if (top.expressionTopCache) {
      top = top.expressionTopCache;
      break;
    }
    const parent = top.parent;
    if (!parent || !PLAIN_EXPRESSIONS.has(parent.type)) break;
    path.push(top);
    top = parent;
  }
  for (const n of path) n.expressionTopCache = top;
  return top;
}

/** Calls `visit` on the named descendants of `node` (not `node` itself) in document order, each
 * before its own descendants, as a recursive walk would, but with an explicit stack: no depth of
 * nesting overflows the call stack. `visit` returns false to skip a node's descendants. */
export function forEachDescendant(node: SyntaxNode, visit: (descendant: SyntaxNode) => boolean | void): void {
  const stack: SyntaxNode[] = [];
  pushChildren(stack, node);
  while (stack.length) {
    const next = stack.pop()!;
    if (visit(next) !== false) pushChildren(stack, next);
  }
}

/** Pushes the named children of `node` so that they pop in document order. */
export function pushChildren<T extends SyntaxNode>(stack: T[], node: T): void {
  const children = node.namedChildren as T[];
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
}

/** A JS copy of a whole tree parsed from `text`; each top-level statement gets its own anchor. */
export function copyTree(tree: Tree, text: string, source = new SourceText(text)): SyntaxNode {
  const tables = tablesFor(tree.language);
  const cursor = walkTree(tree);
  try {
    const rootAnchor: Anchor = { source, delta: 0 };
    const typeId = cursor.typeId;
    const root = new SyntaxNode(tables.types[typeId], tables.named[typeId], cursor.startIndex, cursor.endIndex, rootAnchor, null, tables.fieldIds);
    if (cursor.gotoFirstChild()) {
      const children: SyntaxNode[] = [];
      do {
        const fieldId = cursor.fieldId;
        const child = copySubtree(cursor, tables, { source, delta: 0 }, root);
        child.fieldId = fieldId;
        children.push(child);
      } while (cursor.gotoNextSibling());
      root.children = children;
    }
    return root;
  } finally {
    cursor.delete();
  }
}

export { tablesFor };
export type { Tables };
