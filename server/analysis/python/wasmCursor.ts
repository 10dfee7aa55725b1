// A tree walk that calls tree-sitter's wasm exports directly. web-tree-sitter's TreeCursor copies
// the cursor's four words into a transfer buffer in wasm memory before every call and back after
// every move, through Emscripten's generic setValue/getValue: over half of the time it takes to
// copy a tree to JS (./syntax). The wasm side reads the cursor from that buffer and writes it back
// there after each move, so a walk that makes no other tree-sitter call in between can leave the
// cursor in the buffer for its whole length. When the module does not expose what this needs (a
// web-tree-sitter that changed), walks use the TreeCursor API unchanged.
import type { Tree, TreeCursor } from 'web-tree-sitter';

/** The Emscripten module object web-tree-sitter fills in (the options passed to Parser.init). */
interface WasmExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

/** The moves and reads a tree copy needs. */
export interface Walk {
  readonly typeId: number;
  readonly fieldId: number;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  /** Frees the cursor; call once, when the walk is over. */
  delete(): void;
}

const REQUIRED: Array<keyof WasmExports> = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
];

let wasm: WasmExports | undefined;
let transferWord = 0;

/** Takes the module object web-tree-sitter initialised (the options given to Parser.init). */
export function useWasmModule(module: object): void {
  const m = module as Partial<WasmExports>;
  if (!(m.HEAP32 instanceof Int32Array) || REQUIRED.some((name) => typeof m[name] !== 'function')) return;
  wasm = m as WasmExports;
  transferWord = wasm._ts_init() >> 2;
}

/** TreeCursor's internal words: the TSTreeCursor the wasm side reads. */
type CursorWords = Record<0 | 1 | 2 | 3, number>;

/** Where a TreeCursor keeps its words: `handles` since web-tree-sitter 0.26, the cursor itself
 * before; undefined when neither holds four numbers (the walk then goes through TreeCursor). */
function wordsOf(cursor: TreeCursor): CursorWords | undefined {
  const holder = (cursor as unknown as { handles?: unknown }).handles ?? cursor;
  const words = holder as Partial<CursorWords>;
  return [0, 1, 2, 3].every((i) => typeof words[i as 0 | 1 | 2 | 3] === 'number') ? (holder as CursorWords) : undefined;
}

class DirectWalk implements Walk {
  private readonly address: number;

  constructor(
    private readonly cursor: TreeCursor,
    private readonly words: CursorWords,
    tree: Tree,
    private readonly m: WasmExports,
  ) {
    this.address = (tree as unknown as { 0: number })[0];
    // Put the cursor in the transfer buffer (tree.walk() left it there too; this does not rely on it).
    const heap = m.HEAP32;
    for (let i = 0; i < 4; i++) heap[transferWord + i] = words[i as 0 | 1 | 2 | 3];
  }

  get typeId(): number {
    return this.m._ts_tree_cursor_current_node_type_id_wasm(this.address);
  }

  get fieldId(): number {
    return this.m._ts_tree_cursor_current_field_id_wasm(this.address);
  }

  get startIndex(): number {
    return this.m._ts_tree_cursor_start_index_wasm(this.address);
  }

  get endIndex(): number {
    return this.m._ts_tree_cursor_end_index_wasm(this.address);
  }

  gotoFirstChild(): boolean {
    return this.m._ts_tree_cursor_goto_first_child_wasm(this.address) === 1;
  }

  gotoNextSibling(): boolean {
    return this.m._ts_tree_cursor_goto_next_sibling_wasm(this.address) === 1;
  }

  gotoParent(): boolean {
    return this.m._ts_tree_cursor_goto_parent_wasm(this.address) === 1;
  }

  delete(): void {
    // The moves may have reallocated the cursor's stack: TreeCursor frees what the buffer holds now.
    const heap = this.m.HEAP32; // memory may have grown during the walk: a fresh view
    for (let i = 0; i < 4; i++) this.words[i as 0 | 1 | 2 | 3] = heap[transferWord + i];
    this.cursor.delete();
  }
}

class CursorWalk implements Walk {
  constructor(private readonly cursor: TreeCursor) {}
  get typeId(): number {
    return this.cursor.nodeTypeId;
  }
  get fieldId(): number {
    return this.cursor.currentFieldId;
  }
  get startIndex(): number {
    return this.cursor.startIndex;
  }
  get endIndex(): number {
    return this.cursor.endIndex;
  }
  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }
  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }
  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }
  delete(): void {
    this.cursor.delete();
  }
}

/** A walk from the root of `tree`. No other tree-sitter call may run until it is deleted.
 * `direct: false` walks through TreeCursor (tests compare the two). */
export function walkTree(tree: Tree, { direct = true } = {}): Walk {
  const cursor = tree.walk();
  const words = wasm && direct ? wordsOf(cursor) : undefined;
  return wasm && words ? new DirectWalk(cursor, words, tree, wasm) : new CursorWalk(cursor);
}

/** Whether walks call the wasm exports directly (false: through TreeCursor). */
export function walksDirectly(): boolean {
  return wasm !== undefined;
}
