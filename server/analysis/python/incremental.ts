// Re-parsing a Python file after an edit (the editor path). The last tree of the file is edited
// (`tree.edit`) and handed to tree-sitter, which re-parses only around the edit and shares every
// untouched subtree with the old tree. Our JS copy of the tree (./syntax) is reused the same way:
// a top-level statement whose subtree tree-sitter kept (same node id, same text, same column) keeps
// its copy, moved to its new offset by its anchor; only the statements the edit touched are
// copied from wasm again. When the new tree has a syntax error the file takes the error-tolerant
// path of ./parser (blocks parsed on their own), exactly as a full parse would; while it keeps
// one, blocks whose text did not change keep their copies from the last parse.
import { Edit, type Tree } from 'web-tree-sitter';
import type { PythonFactsMemo } from './memo';
import { regionsOf, requireParser, type BlockCopies, type ParsedPython } from './parser';
import { copySubtree, SourceText, SyntaxNode, tablesFor, type Anchor } from './syntax';
import { walkTree } from './wasmCursor';

interface Cached {
  text: string;
  source: SourceText;
  tree: Tree;
  /** The copy of the whole tree, when it had no syntax error. */
  root?: SyntaxNode;
  /** Top-level statements of `root` by text. */
  topLevel?: Map<string, SyntaxNode[]>;
  /** What the front end keeps for the next extraction (./facts reuses the facts of the statements
   * whose copy is reused). */
  memo: PythonFactsMemo;
}

/** Last parse per file; a few files (those being edited), not the whole workspace. */
const CACHE = new Map<string, Cached>();
const CACHE_SIZE = 8;

/** Of each file whose last parse had a syntax error: the blocks ./parser parsed on their own. */
const BROKEN = new Map<string, BlockCopies>();

/** How often statements were reused or copied (tests and benchmarks read this). */
export const pythonIncrementalStats = { reusedStatements: 0, copiedStatements: 0, fullParses: 0 };

export function forgetPythonParse(file: string): void {
  BROKEN.delete(file);
  const cached = CACHE.get(file);
  if (!cached) return;
  cached.tree.delete();
  CACHE.delete(file);
}

function remember(file: string, entry: Cached): void {
  CACHE.delete(file);
  CACHE.set(file, entry);
  while (CACHE.size > CACHE_SIZE) forgetPythonParse(CACHE.keys().next().value!);
}

/** Like parsePython, reusing what the last parse of `file` shares with this text. The returned
 * value's `dispose` does nothing: the tree stays cached for the next edit. `memo` is the file's,
 * carried from parse to parse for extractPythonFacts. */
export function parsePythonIncremental(text: string, file: string): ParsedPython & { memo: PythonFactsMemo } {
  const last = CACHE.get(file);
  const source = new SourceText(text);
  let tree: Tree | null;
  if (last) {
    for (const edit of editsBetween(last.text, text, last.source)) last.tree.edit(new Edit(edit));
    tree = requireParser().parse(text, last.tree);
  } else {
    pythonIncrementalStats.fullParses++;
    tree = requireParser().parse(text);
  }
  if (!tree) throw new Error('tree-sitter returned no tree');
  let entry: Cached;
  const memo = last?.memo ?? {};
  if (tree.rootNode.hasError) {
    entry = { text, source, tree, memo };
  } else {
    const { root, topLevel } = copyReusing(tree, source, last?.topLevel);
    entry = { text, source, tree, root, topLevel, memo };
  }
  if (last && last.tree !== tree) last.tree.delete();
  remember(file, entry);
  // While the file does not parse, each keystroke re-parses only the blocks it changed.
  let blocks: BlockCopies | undefined;
  if (tree.rootNode.hasError) BROKEN.set(file, (blocks = BROKEN.get(file) ?? new Map()));
  else BROKEN.delete(file);
  return { ...regionsOf(tree, text, entry.root, blocks), memo, dispose: () => undefined };
}

interface Point {
  row: number;
  column: number;
}

interface EditSpan {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/** Where `point` ends up after `inserted` is written at it. */
function advance(point: Point, inserted: string): Point {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline < 0) return { row: point.row, column: point.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: point.row + rows, column: inserted.length - lastNewline - 1 };
}

/** The edits that turn `before` into `after`, last first (each in the coordinates of the text the
 * ones before it left, which for edits applied from the end are those of `before`). The span
 * between the common prefix and suffix is split per line when both sides have as many lines (two
 * places changed far apart, as after typing in one place and then another), so tree-sitter
 * re-parses around each place, not everything between them. */
function editsBetween(before: string, after: string, oldSource: SourceText): EditSpan[] {
  if (before === after) return [];
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  const spans: Array<{ oldStart: number; oldEnd: number; newStart: number; newEnd: number }> = [];
  const oldLines = before.slice(start, oldEnd).split('\n');
  const newLines = after.slice(start, newEnd).split('\n');
  if (oldLines.length === newLines.length && oldLines.length > 2) {
    let o = start;
    let n = start;
    for (let i = 0; i < oldLines.length; i++) {
      const ol = oldLines[i].length;
      const nl = newLines[i].length;
      if (oldLines[i] !== newLines[i]) {
        // Only the changed part of the line: an edit that covers the indentation would make
        // tree-sitter re-lex the indentation of everything after it.
        let head = 0;
        while (head < Math.min(ol, nl) && oldLines[i].charCodeAt(head) === newLines[i].charCodeAt(head)) head++;
        let tail = 0;
        while (tail < Math.min(ol, nl) - head && oldLines[i].charCodeAt(ol - 1 - tail) === newLines[i].charCodeAt(nl - 1 - tail)) tail++;
        const last = spans[spans.length - 1];
        if (last && last.oldEnd >= o - 1) {
          last.oldEnd = o + ol - tail;
          last.newEnd = n + nl - tail;
        } else spans.push({ oldStart: o + head, oldEnd: o + ol - tail, newStart: n + head, newEnd: n + nl - tail });
      }
      o += ol + 1;
      n += nl + 1;
    }
  } else spans.push({ oldStart: start, oldEnd, newStart: start, newEnd });
  return spans.reverse().map((span) => {
    const startPosition = oldSource.pointAt(span.oldStart);
    return {
      startIndex: span.oldStart,
      oldEndIndex: span.oldEnd,
      newEndIndex: span.oldStart + (span.newEnd - span.newStart),
      startPosition,
      oldEndPosition: oldSource.pointAt(span.oldEnd),
      newEndPosition: advance(startPosition, after.slice(span.newStart, span.newEnd)),
    };
  });
}

/** Copies `tree`, taking from the last copy each top-level statement with the same text at the
 * same column. tree-sitter does not keep the node ids of top-level statements across an
 * incremental parse (it rebuilds them over reused children), so they are matched by text: an
 * error-free parse of the same statement text at top level, at the same column, is the same
 * subtree. Matching by text (not offset) also keeps the statements between two edited places. */
function copyReusing(tree: Tree, source: SourceText, previous: Map<string, SyntaxNode[]> | undefined) {
  const tables = tablesFor(tree.language);
  const cursor = walkTree(tree);
  const topLevel = new Map<string, SyntaxNode[]>();
  try {
    const typeId = cursor.typeId;
    const root = new SyntaxNode(tables.types[typeId], tables.named[typeId], cursor.startIndex, cursor.endIndex, { source, delta: 0 }, null, tables.fieldIds);
    const children: SyntaxNode[] = [];
    if (cursor.gotoFirstChild()) {
      do {
        const fieldId = cursor.fieldId;
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const text = source.text.slice(start, end);
        const candidates = previous?.get(text);
        let child: SyntaxNode | undefined;
        if (candidates?.length) {
          const column = source.pointAt(start).column;
          const at = candidates.findIndex((c) => c.startPosition.column === column);
          const old = at >= 0 ? candidates[at] : undefined;
          if (old) {
            candidates.splice(at, 1);
            // Same subtree, same text, same column: move it.
            const anchor: Anchor = old.anchor;
            anchor.delta += start - old.startIndex;
            anchor.source = source;
            old.parent = root;
            child = old;
            pythonIncrementalStats.reusedStatements++;
          }
        }
        if (!child) {
          child = copySubtree(cursor, tables, { source, delta: 0 }, root);
          pythonIncrementalStats.copiedStatements++;
        }
        child.fieldId = fieldId;
        children.push(child);
        const same = topLevel.get(text);
        if (same) same.push(child);
        else topLevel.set(text, [child]);
      } while (cursor.gotoNextSibling());
    }
    root.children = children;
    return { root, topLevel };
  } finally {
    cursor.delete();
  }
}
