// `boundwise lint` parses only the parts of a Python file that can hold a finding: every top-level
// statement that is not a function or class definition (imports, assignments, `if` blocks: what
// the module binds), the definitions that hold findings (async code or a hand-off) or are asked
// for, and those the kept code mentions; in a class kept for what it holds, only such methods.
// The other definitions are left out of the parse (tree-sitter's included ranges) and reported as
// deferred: their names are still bound, so the facts of what was parsed are those of a whole
// parse, and the workspace index reads a deferred definition when a chain reaches it.
import type { Range as TreeRange } from 'web-tree-sitter';
import { requireParser, startsStatement, type DeferredDefinition, type ParsedPython } from './parser';
import { copyTree, SourceText, type SyntaxNode } from './syntax';

/** A line that starts a logical line: outside strings, brackets and backslash continuations,
 * and neither blank nor only a comment. */
interface LogicalLine {
  start: number;
  /** Characters of leading whitespace. */
  indent: number;
}

interface Statement {
  start: number;
  end: number;
  /** Where its first line after any decorators starts. */
  head: number;
  /** Its logical lines: lines[first] up to lines[last - 1]. */
  first: number;
  last: number;
  defines?: DeferredDefinition;
}

const DEFINITION = /^[ \t]*(?:async[ \t]+def|def|(class))[ \t]+([A-Za-z_]\w*)/;
/** `x.name = ...` (an annotation allowed), as a method assigns an attribute of `self`. */
const ATTRIBUTE_ASSIGNMENT = /\.\s*([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)/g;
/** Characters that change what the scanner is in (strings, comments, brackets, lines). */
const SIGNIFICANT = /["'#\\()[\]{}\n]/g;

/** The logical lines of `text`, in order. */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const add = (start: number) => {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') lines.push({ start, indent: i - start });
  };
  add(0);
  let depth = 0;
  let continued = false;
  SIGNIFICANT.lastIndex = 0;
  for (let m = SIGNIFICANT.exec(text); m; m = SIGNIFICANT.exec(text)) {
    const at = m.index;
    switch (text[at]) {
      case '\n':
        if (depth === 0 && !continued) add(at + 1);
        continued = false;
        break;
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
          if (c === '\\') i++;
          else if (c === quote && (!triple || (text[i + 1] === quote && text[i + 2] === quote))) break;
          else if (c === '\n' && !triple) break;
        }
        SIGNIFICANT.lastIndex = text[i] === '\n' ? i : i + (triple ? 3 : 1);
      }
    }
  }
  return lines;
}

/** The statements among lines[from..to) at indentation `indent`; the last one ends at `end`. */
function statementsAt(text: string, lines: LogicalLine[], from: number, to: number, indent: number, end: number): Statement[] {
  const statements: Statement[] = [];
  let decorating = false;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line.indent !== indent) continue;
    const code = text.slice(line.start + indent, line.start + indent + 12);
    const current = statements[statements.length - 1];
    if (current && decorating) {
      // The lines after a decorator: more decorators, then the definition.
      decorating = code.startsWith('@');
      if (!decorating) current.head = line.start;
      continue;
    }
    if (current && !startsStatement(code)) continue; // else, except, ...
    if (current) {
      current.end = line.start;
      current.last = i;
    }
    statements.push({ start: line.start, end, head: line.start, first: i, last: to });
    decorating = code.startsWith('@');
  }
  for (const s of statements) {
    const m = DEFINITION.exec(text.slice(s.head, Math.min(s.end, s.head + 200)));
    if (m) s.defines = { name: m[2], isClass: !!m[1] };
  }
  return statements;
}

/** The methods of a top-level class statement, named `Class.method` (none when its body is on
 * the line of its head). */
function methodsOf(text: string, lines: LogicalLine[], cls: Statement): Statement[] {
  let body = cls.first;
  while (body < cls.last && (lines[body].start <= cls.head || lines[body].indent === 0)) body++;
  if (body >= cls.last) return [];
  return statementsAt(text, lines, body, cls.last, lines[body].indent, cls.end)
    .filter((s) => s.defines && !s.defines.isClass)
    .map((s) => ({ ...s, defines: { name: `${cls.defines!.name}.${s.defines!.name}`, isClass: false } }));
}

/** The attributes a method's text may assign (`self.x = ...`): a superset, from the text. */
function assignedAttributes(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(ATTRIBUTE_ASSIGNMENT), (m) => m[1]))];
}

/** What to parse of a file besides its statements that are not definitions. */
export interface PartsToParse {
  /** A definition whose text this accepts (in a class it accepts, a method it accepts). */
  holdsFindings(definition: string): boolean;
  /** Definitions asked for by qualified name (`helper`, `Client`, `Client.fetch`); a class asked
   * for is parsed whole. */
  requested: ReadonlySet<string>;
}

/** A definition that may be left out: a module-level function or class, or a method of a class
 * kept for what it holds. */
interface Definition {
  statement: Statement;
  name: string;
  kept: boolean;
  /** Of a class kept for what it holds: its methods. */
  methods?: Definition[];
}

const WORD = /[A-Za-z_]\w*/g;
const ATTRIBUTE = /\.\s*([A-Za-z_]\w*)/g;

/** Parses the statements of `text` that are not definitions, the definitions `parts` asks for,
 * and those the code kept mentions (by name, or a method as `.name`: what it calls, at any depth,
 * as the rules will follow), so that a chain inside the file rarely needs a second read; undefined
 * when that would leave nothing out, or when the statements could not be told apart from the text
 * (the parse has a syntax error, or a statement runs across a part left out): the caller then
 * parses the whole text. */
export function parsePythonPartial(text: string, parts: PartsToParse): ParsedPython | undefined {
  const lines = logicalLines(text);
  const textOf = (d: Definition) => text.slice(d.statement.start, d.statement.end);
  const definitions: Definition[] = [];
  for (const statement of statementsAt(text, lines, 0, lines.length, 0, text.length)) {
    if (!statement.defines) continue;
    const { name, isClass } = statement.defines;
    const d: Definition = { statement, name, kept: parts.requested.has(name) };
    if (!d.kept && parts.holdsFindings(textOf(d))) {
      d.kept = true;
      // A class kept for what it holds: its other lines, and the methods that hold findings.
      if (isClass) {
        d.methods = methodsOf(text, lines, statement).map((m) => ({ statement: m, name: m.defines!.name, kept: false }));
        for (const m of d.methods) m.kept = parts.requested.has(m.name) || parts.holdsFindings(textOf(m));
      }
    }
    definitions.push(d);
  }
  // What the code kept mentions is kept too, until nothing new is mentioned.
  const words = new Set<string>();
  const attributes = new Set<string>();
  const read = (d: Definition) => {
    const code = textOf(d);
    for (const m of code.matchAll(WORD)) words.add(m[0]);
    for (const m of code.matchAll(ATTRIBUTE)) attributes.add(m[1]);
  };
  const keptCode = (d: Definition): Definition[] => (d.methods ? d.methods.filter((m) => m.kept) : d.kept ? [d] : []);
  definitions.flatMap(keptCode).forEach(read);
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of definitions) {
      for (const m of d.methods ?? []) {
        const method = m.name.slice(m.name.lastIndexOf('.') + 1);
        if (m.kept || !(attributes.has(method) || (method === '__init__' && words.has(d.name)))) continue;
        m.kept = changed = true;
        read(m);
      }
      if (d.kept || !words.has(d.name)) continue;
      d.kept = changed = true;
      read(d);
    }
  }
  /** Spans left out, in order, and the classes with methods left out. */
  const holes: Array<{ start: number; end: number }> = [];
  const classesWithHoles = new Set<number>();
  const deferred: DeferredDefinition[] = [];
  for (const d of definitions) {
    if (!d.kept) {
      deferred.push(d.statement.defines!);
      holes.push(d.statement);
      continue;
    }
    const leftOut = d.methods?.filter((m) => !m.kept) ?? [];
    // A class with no method kept is kept whole (its body cannot be empty).
    if (!leftOut.length || leftOut.length === d.methods!.length) continue;
    classesWithHoles.add(d.statement.start);
    for (const m of leftOut) {
      deferred.push({ name: m.name, isClass: false, assigns: assignedAttributes(textOf(m)) });
      holes.push(m.statement);
    }
  }
  if (!deferred.length) return undefined;
  const source = new SourceText(text);
  const includedRanges: TreeRange[] = [];
  let from = 0;
  for (const hole of [...holes, { start: text.length, end: text.length }]) {
    if (hole.start > from) {
      const start = source.pointAt(from);
      const end = source.pointAt(hole.start);
      includedRanges.push({ startIndex: from, endIndex: hole.start, startPosition: start, endPosition: end });
    }
    from = hole.end;
  }
  if (!includedRanges.length) return undefined;
  const tree = requireParser().parse(text, null, { includedRanges });
  if (!tree) return undefined;
  try {
    if (tree.rootNode.hasError) return undefined;
    const root = copyTree(tree, text, source);
    const within = (n: SyntaxNode) => includedRanges.some((r) => r.startIndex <= n.startIndex && n.endIndex <= r.endIndex);
    const wellFormed = root.namedChildren.every((stmt) => {
      if (within(stmt)) return true;
      // A class with methods left out: each statement of its body lies within one range.
      const cls = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      return classesWithHoles.has(stmt.startIndex) && cls?.type === 'class_definition' && (cls.childForFieldName('body')?.namedChildren ?? []).every(within);
    });
    // No tree is kept: a partial parse is never the base of an incremental one.
    return wellFormed ? { regions: [{ root, lineOffset: 0 }], errorLines: [], deferred, tree: undefined, dispose: () => undefined } : undefined;
  } finally {
    tree.delete();
  }
}
