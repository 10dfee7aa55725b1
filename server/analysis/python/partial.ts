// `boundwise lint` parses only the parts of a Python file that can hold a finding: every top-level
// statement that is not a function or class definition (imports, assignments, `if` blocks: what
// the module binds), and the definitions whose text `keep` accepts (those with async code or a
// hand-off). The other definitions are left out of the parse (tree-sitter's included ranges) and
// reported as deferred: their names are still bound, so the facts of what was parsed are those of
// a whole parse, and the workspace index parses the whole file when a chain reaches one of them.
import type { Range as TreeRange } from 'web-tree-sitter';
import { requireParser, startsTopLevelStatement, type DeferredDefinition, type ParsedPython } from './parser';
import { copyTree } from './syntax';

interface Statement {
  start: number;
  end: number;
  /** Where its first line after any decorators starts. */
  head: number;
  /** First line of the statement (zero-based). */
  row: number;
  defines?: DeferredDefinition;
}

const DEFINITION = /^(?:async[ \t]+def|def|(class))[ \t]+([A-Za-z_]\w*)/;

/** Characters that change what the scanner is in (strings, comments, brackets, lines). */
const SIGNIFICANT = /["'#\\()[\]{}\n]/g;

/** Where the top-level statements of `text` start: lines in column 0 outside strings, brackets
 * and backslash continuations (see startsTopLevelStatement for the rest). */
function topLevelStatements(text: string): Statement[] {
  const statements: Statement[] = [{ start: 0, end: text.length, head: 0, row: 0 }];
  let depth = 0;
  let row = 0;
  let previousLineStart = 0;
  let continued = false;
  /** In a decorator's lines: the next line in column 0 is another decorator or the definition. */
  let decorating = text.startsWith('@');
  SIGNIFICANT.lastIndex = 0;
  for (let m = SIGNIFICANT.exec(text); m; m = SIGNIFICANT.exec(text)) {
    const at = m.index;
    switch (text[at]) {
      case '\n': {
        row++;
        const lineStart = at + 1;
        if (depth === 0 && !continued && lineStart < text.length) {
          const line = text.slice(lineStart, text.indexOf('\n', lineStart) + 1 || text.length);
          const previous = text.slice(previousLineStart, lineStart);
          if (decorating && /^[^\s#]/.test(line)) {
            decorating = line.startsWith('@');
            if (!decorating) statements[statements.length - 1].head = lineStart;
          } else if (startsTopLevelStatement(line, previous)) {
            statements[statements.length - 1].end = lineStart;
            statements.push({ start: lineStart, end: text.length, head: lineStart, row });
            decorating = line.startsWith('@');
          }
        }
        if (!/^[ \t]*(#|\r?$)/.test(text.slice(lineStart, lineStart + 200).split('\n', 1)[0])) previousLineStart = lineStart;
        continued = false;
        break;
      }
      case '\\':
        // A backslash before the newline continues the line.
        if (text[at + 1] === '\n' || (text[at + 1] === '\r' && text[at + 2] === '\n')) continued = true;
        else SIGNIFICANT.lastIndex = at + 2;
        break;
      case '#': {
        const newline = text.indexOf('\n', at);
        SIGNIFICANT.lastIndex = newline < 0 ? text.length : newline;
        break;
      }
      case '(':
      case '[':
      case '{':
        depth++;
        break;
      case ')':
      case ']':
      case '}':
        if (depth > 0) depth--;
        break;
      default: {
        // A string: skip to its closing quote (escapes skipped; a one-line string ends at the line).
        const quote = text[at];
        const triple = text[at + 1] === quote && text[at + 2] === quote;
        let i = at + (triple ? 3 : 1);
        for (; i < text.length; i++) {
          const c = text[i];
          if (c === '\\') {
            if (text[i + 1] === '\n') row++;
            i++;
          } else if (c === quote && (!triple || (text[i + 1] === quote && text[i + 2] === quote))) break;
          else if (c === '\n') {
            if (!triple) break;
            row++;
          }
        }
        SIGNIFICANT.lastIndex = text[i] === '\n' ? i : i + (triple ? 3 : 1);
      }
    }
  }
  for (const s of statements) {
    const m = DEFINITION.exec(text.slice(s.head, Math.min(s.end, s.head + 200)));
    if (m) s.defines = { name: m[2], isClass: !!m[1] };
  }
  return statements;
}

/** The zero-based row of the end of `text`. */
function rowsOf(text: string): number {
  let rows = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
  return rows;
}

/** Parses the statements of `text` that are not definitions or that `keep` accepts; undefined
 * when that would leave nothing out, or when the statements could not be told apart from the
 * text (the parse has a syntax error, or a statement runs across a part left out, as a string
 * whose lines start in column 0 does): the caller then parses the whole text. */
export function parsePythonPartial(text: string, keep: (statement: string, defines: string) => boolean): ParsedPython | undefined {
  const ranges: Array<{ start: number; end: number; row: number; endRow: number }> = [];
  const deferred: DeferredDefinition[] = [];
  const statements = topLevelStatements(text);
  statements.forEach((s, i) => {
    if (s.defines && !keep(text.slice(s.start, s.end), s.defines.name)) {
      deferred.push(s.defines);
      return;
    }
    const endRow = statements[i + 1]?.row ?? rowsOf(text);
    const last = ranges[ranges.length - 1];
    if (last?.end === s.start) {
      last.end = s.end;
      last.endRow = endRow;
    } else ranges.push({ start: s.start, end: s.end, row: s.row, endRow });
  });
  if (!deferred.length || !ranges.length) return undefined;
  const includedRanges: TreeRange[] = ranges.map((r) => ({
    startIndex: r.start,
    endIndex: r.end,
    startPosition: { row: r.row, column: 0 },
    // A range ends where the next statement's line starts, or at the end of the text.
    endPosition: { row: r.endRow, column: r.end - (text.lastIndexOf('\n', r.end - 1) + 1) },
  }));
  const tree = requireParser().parse(text, null, { includedRanges });
  if (!tree) return undefined;
  const wellFormed = !tree.rootNode.hasError && tree.rootNode.children.every((c) => !!c && ranges.some((r) => r.start <= c.startIndex && c.endIndex <= r.end));
  if (!wellFormed) {
    tree.delete();
    return undefined;
  }
  const root = copyTree(tree, text);
  tree.delete();
  // No tree is kept: a partial parse is never the base of an incremental one.
  return { regions: [{ root, lineOffset: 0 }], errorLines: [], deferred, tree: undefined, dispose: () => undefined };
}
