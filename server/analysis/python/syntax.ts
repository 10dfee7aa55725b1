// A caching view of tree-sitter nodes for the Python front end. Every property of a
// web-tree-sitter Node is a call into wasm that allocates a fresh object; the front end walks the
// tree several times (scopes, bindings, facts, loop bodies), so each node is read from wasm once
// and kept here. Leaves never ask wasm for children.
import type { Node } from 'web-tree-sitter';

interface Point {
  row: number;
  column: number;
}

const LEAVES = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'comment', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'ellipsis', 'keyword_identifier', 'type_conversion', 'line_continuation']);

export class SyntaxNode {
  readonly type: string;
  readonly id: number;
  private namedCache?: SyntaxNode[];
  private childrenCache?: SyntaxNode[];
  private fieldCache?: Map<string, SyntaxNode | null>;
  private textCache?: string;
  private startCache?: Point;
  private endCache?: Point;

  constructor(private readonly raw: Node, readonly parent: SyntaxNode | null) {
    this.type = raw.type;
    this.id = raw.id;
  }

  get text(): string {
    return (this.textCache ??= this.raw.text);
  }

  get startPosition(): Point {
    return (this.startCache ??= this.raw.startPosition);
  }

  get endPosition(): Point {
    return (this.endCache ??= this.raw.endPosition);
  }

  get namedChildren(): SyntaxNode[] {
    if (this.namedCache) return this.namedCache;
    if (LEAVES.has(this.type)) return (this.namedCache = []);
    const out: SyntaxNode[] = [];
    for (const c of this.raw.namedChildren) if (c) out.push(new SyntaxNode(c, this));
    return (this.namedCache = out);
  }

  /** Every child, anonymous tokens (`async`, operators) included. */
  get children(): SyntaxNode[] {
    if (this.childrenCache) return this.childrenCache;
    if (LEAVES.has(this.type)) return (this.childrenCache = []);
    const named = new Map(this.namedChildren.map((n) => [n.id, n]));
    const out: SyntaxNode[] = [];
    for (const c of this.raw.children) if (c) out.push(named.get(c.id) ?? new SyntaxNode(c, this));
    return (this.childrenCache = out);
  }

  childForFieldName(name: string): SyntaxNode | null {
    this.fieldCache ??= new Map();
    const cached = this.fieldCache.get(name);
    if (cached !== undefined) return cached;
    const raw = this.raw.childForFieldName(name);
    const found = raw ? (this.namedChildren.find((c) => c.id === raw.id) ?? this.childrenCache?.find((c) => c.id === raw.id) ?? new SyntaxNode(raw, this)) : null;
    this.fieldCache.set(name, found);
    return found;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const ids = new Set(this.raw.childrenForFieldName(name).map((c) => c?.id));
    return this.children.filter((c) => ids.has(c.id));
  }
}
