// Re-parsing after an edit: typescript-estree has no incremental mode, so a 2,000-line file costs
// a full parse per keystroke. Top-level statements before and after the edited region are kept
// from the last parse of the same file (those after it moved to their new positions); only the
// statements the edit touches are parsed again, from a text in which everything before them is
// blanked (spaces, newlines kept) so positions come out right. Whenever that could differ from a
// full parse (the fragment does not parse, statement boundaries without `;`/`}` where ASI could
// join them), the whole file is parsed. Equivalence with a full parse is tested on real edits.
import type { TSESTree } from '@typescript-eslint/types';
import { isFunctionNode, parseJs, type AnyNode } from './facts';
import { forEachNode } from './walk';

interface Parsed {
  text: string;
  program: TSESTree.Program;
  /** A module with an `await` outside every function (see reparse); found when first needed. */
  topLevelAwait?: boolean;
}

/** Last parse per file; a few files (those being edited), not the whole workspace. */
const CACHE = new Map<string, Parsed>();
const CACHE_SIZE = 8;

/** Files smaller than this are parsed whole: the bookkeeping would cost more than it saves. */
let minIncrementalChars = 20_000;

/** For tests: parse incrementally from this size on. */
export function setIncrementalThreshold(chars: number): void {
  minIncrementalChars = chars;
}

function remember(file: string, parsed: Parsed): void {
  CACHE.delete(file);
  CACHE.set(file, parsed);
  while (CACHE.size > CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
}

/** How often a parse reused statements of the last one (tests and benchmarks read this). */
export const incrementalStats = { reused: 0, full: 0 };

export function forgetParse(file: string): void {
  CACHE.delete(file);
}

/** Like parseJs, reusing the statements of the last parse of `file` that an edit did not touch. */
export function parseJsIncremental(text: string, file: string): TSESTree.Program {
  const last = CACHE.get(file);
  let parsed: Parsed | undefined;
  if (last && text.length >= minIncrementalChars) {
    if (last.text === text) parsed = last;
    else {
      const program = reparse(last, text, file);
      // A reuse implies neither the last parse nor the edited statements had a top-level await.
      if (program) parsed = { text, program, topLevelAwait: false };
    }
    if (parsed) incrementalStats.reused++;
  }
  if (!parsed) {
    incrementalStats.full++;
    // A text that does not parse throws here and leaves the last parse cached: the keystroke that
    // makes the file parse again re-parses only what changed since then, not the whole file.
    parsed = { text, program: parseJs(text, file) };
  }
  remember(file, parsed);
  return parsed.program;
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

/** A statement that ends where ASI cannot join it with what follows. */
function closed(text: string, stmt: AnyNode): boolean {
  const last = text[stmt.range[1] - 1];
  return last === ';' || last === '}';
}

/** What can make a file a module: an import or export (import.meta included). */
const MODULE_SYNTAX = /\b(import|export)\b/;
const MODULE_MARK = '\nexport {};';

/** An `await` (expression, name or `for await`) outside every function. */
function hasTopLevelAwait(statements: AnyNode[]): boolean {
  let found = false;
  for (const statement of statements) {
    forEachNode(statement, (node) => {
      if (found || isFunctionNode(node)) return false;
      if (node.type === 'AwaitExpression' || (node.type === 'Identifier' && node.name === 'await') || (node.type === 'ForOfStatement' && node.await)) found = true;
      return !found;
    });
    if (found) return true;
  }
  return false;
}

function reparse(last: Parsed, text: string, file: string): TSESTree.Program | undefined {
  const oldText = last.text;
  let prefix = 0;
  const max = Math.min(oldText.length, text.length);
  while (prefix < max && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;
  const body = last.program.body;
  // Statements strictly before the edit, and strictly after it (a token touching the edit may change).
  let before = 0;
  while (before < body.length && body[before].range[1] < prefix) before++;
  let after = body.length;
  while (after > before && body[after - 1].range[0] > oldEnd) after--;
  if (before > 0 && !closed(oldText, body[before - 1])) return undefined;
  const start = before > 0 ? body[before - 1].range[1] : 0;
  const end = after < body.length ? body[after].range[0] + delta : text.length;
  if (end < start) return undefined;
  // Whether the file is a module is its imports' and exports': when the edit touches one, the whole
  // file decides. A module's fragment is made one the way the file is, by an export after it (taken
  // out again). TypeScript parses a module as a script first, then again, in an await context, the
  // statements where `await` could be a top-level await, and that second parse can run on across
  // statement boundaries: a module with such an `await` is parsed whole.
  last.topLevelAwait ??= last.program.sourceType === 'module' && hasTopLevelAwait(last.program.body);
  if (last.topLevelAwait) return undefined;
  const oldStart = before > 0 ? body[before - 1].range[1] : 0;
  const oldStop = after < body.length ? body[after].range[0] : oldText.length;
  if (MODULE_SYNTAX.test(oldText.slice(oldStart, oldStop)) || MODULE_SYNTAX.test(text.slice(start, end))) return undefined;
  const asModule = last.program.sourceType === 'module';
  // Everything before the fragment blanked, so the parser reports absolute positions.
  const blanked = text.slice(0, start).replace(/[^\n]/g, ' ') + text.slice(start, end) + (asModule ? MODULE_MARK : '');
  let fragment: TSESTree.Program;
  try {
    fragment = parseJs(blanked, file);
  } catch {
    return undefined; // the whole file decides: maybe a real syntax error, maybe not
  }
  if (asModule) {
    const mark = fragment.body.pop();
    if (mark?.type !== 'ExportNamedDeclaration' || mark.range[0] !== end + 1) return undefined;
    if (hasTopLevelAwait(fragment.body)) return undefined;
  }
  const middle = fragment.body;
  // Text on the fragment's last line after its last statement (a comment) runs into the statements
  // kept after it in a full parse: a newline turned into `//` comments the next line out.
  const gapStart = middle.length ? middle[middle.length - 1].range[1] : start;
  if (after < body.length && text.slice(gapStart, end).split('\n').pop()!.trim() !== '') return undefined;
  if (after < body.length && middle.length > 0 && !closed(text, middle[middle.length - 1])) return undefined;
  if (after < body.length && middle.length === 0 && before > 0 && !closed(oldText, body[before - 1])) return undefined;
  const moved = body.slice(after);
  if (moved.length) shift(moved, oldText, text, oldEnd, delta);
  const endPos = lineOf(text, text.length);
  return {
    ...last.program,
    body: [...body.slice(0, before), ...middle, ...moved],
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: endPos },
  };
}

/** Moves the statements after the edit: offsets by `delta`; lines by the change in line count;
 * columns on the line where the edited region ended. */
function shift(statements: AnyNode[], oldText: string, text: string, oldEnd: number, delta: number): void {
  const oldPos = lineOf(oldText, oldEnd);
  const newPos = lineOf(text, oldEnd + delta);
  const lineDelta = newPos.line - oldPos.line;
  const columnDelta = newPos.column - oldPos.column;
  if (delta === 0 && lineDelta === 0 && columnDelta === 0) return;
  // typescript-estree may share range arrays and position objects between nodes: move each once.
  const seen = new Set<object>();
  const movePosition = (p: TSESTree.Position) => {
    if (seen.has(p)) return;
    seen.add(p);
    if (p.line === oldPos.line) p.column += columnDelta;
    p.line += lineDelta;
  };
  const move = (node: AnyNode): void => {
    if (!seen.has(node.range)) {
      seen.add(node.range);
      node.range[0] += delta;
      node.range[1] += delta;
    }
    movePosition(node.loc.start);
    movePosition(node.loc.end);
  };
  for (const s of statements) forEachNode(s, move);
}
