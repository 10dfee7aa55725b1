// Quick fixes for Python findings, as text edits: `time.sleep(x)` -> `await asyncio.sleep(x)`, a
// blocking call -> `await asyncio.to_thread(f, args...)`, `await asyncio.sleep(0)` at the top of a
// CPU loop's body, a loop of independent awaits -> `asyncio.gather` (only where the rewrite keeps
// the loop's meaning: see gatherFix), and a suppression comment. `import asyncio` is added when the
// module does not import it. A module written for trio or anyio (./framework) gets their sleep and
// to_thread instead, and no gather.
// test/unit/python/fixes.test.ts checks that every fix parses and removes its finding.
import { codeOutsideStrings, namesInText } from '../codeText';
import type { Finding, Position, QuickFix, Range, TextEdit } from '../types';
import { asyncFrameworkOf, IDIOMS, type Idioms } from './framework';


class Source {
  readonly lines: string[];
  constructor(readonly text: string) {
    this.lines = text.split('\n');
  }

  offset(p: Position): number {
    let o = 0;
    for (let i = 0; i < p.line && i < this.lines.length; i++) o += this.lines[i].length + 1;
    return o + p.character;
  }

  slice(r: Range): string {
    return this.text.slice(this.offset(r.start), this.offset(r.end));
  }

  charAfter(p: Position): string {
    return this.text[this.offset(p)] ?? '';
  }
}

const at = (line: number, character: number): Position => ({ line, character });

/** Inserts `import <module>` before the first import (after a module docstring or `__future__`
 * imports), unless the module already imports it under its own name. */
function importModule(source: Source, module: string): TextEdit[] {
  if (new RegExp(String.raw`^import\s+[\w., ]*\b${module}\b(?![\w.]*\s+as\b)`, 'm').test(source.text)) return [];
  let line = 0;
  const firstImport = source.lines.findIndex((l) => /^(import|from)\s/.test(l) && !/^from\s+__future__\s/.test(l));
  if (firstImport >= 0) line = firstImport;
  else {
    // After the last `from __future__` import, else at the top.
    const future = source.lines.map((l, i) => (/^from\s+__future__\s/.test(l) ? i : -1)).filter((i) => i >= 0).pop();
    line = future !== undefined ? future + 1 : 0;
  }
  return [{ range: { start: at(line, 0), end: at(line, 0) }, newText: `import ${module}\n` }];
}

/** The call's argument text without the parentheses, or a parenthesised generator as is. */
function argumentText(callText: string, calleeText: string): string | undefined {
  const rest = callText.slice(calleeText.length).trim();
  if (!rest.startsWith('(') || !rest.endsWith(')')) return undefined;
  const inner = rest.slice(1, -1).trim();
  // `f(x for x in xs)`: the generator needs its own parentheses as a second argument.
  const flat = inner.replace(/'[^']*'|"[^"]*"/g, '_').replace(/\([^()]*\)|\[[^[\]]*\]|\{[^{}]*\}/g, '_');
  if (/\bfor\b[\s\S]*\bin\b/.test(flat) && !flat.includes(',')) return `(${inner})`;
  return inner;
}

function awaitedReplacement(source: Source, finding: Finding, expression: string): string {
  // `f(x).read()`: await binds looser than the trailer, so parenthesise.
  const next = source.charAfter(finding.range.end);
  return next === '.' || next === '[' || next === '(' ? `(await ${expression})` : `await ${expression}`;
}

function asyncSleepFix(source: Source, finding: Finding, idioms: Idioms): QuickFix | undefined {
  const callText = source.slice(finding.range);
  const callee = finding.data?.calleeText;
  if (!callee || !callText.startsWith(callee)) return undefined;
  const args = argumentText(callText, callee);
  if (args === undefined) return undefined;
  return {
    title: `Replace with \`await ${idioms.sleep}(...)\``,
    isPreferred: true,
    edits: [{ range: finding.range, newText: awaitedReplacement(source, finding, `${idioms.sleep}(${args})`) }, ...importModule(source, idioms.module)],
  };
}

/** Keyword arguments at the top level of an argument list (`f(x, timeout=3)`). */
function hasKeywordArgument(args: string): boolean {
  const flat = args.replace(/'[^']*'|"[^"]*"/g, '_').replace(/\([^()]*\)|\[[^[\]]*\]|\{[^{}]*\}/g, '_');
  return /(^|,)\s*(\*\*|[A-Za-z_]\w*\s*=(?!=))/.test(flat);
}

function toThreadFix(source: Source, finding: Finding, idioms: Idioms): QuickFix | undefined {
  const callText = source.slice(finding.range);
  const callee = finding.data?.calleeText;
  if (!callee || !callText.startsWith(callee)) return undefined;
  const args = argumentText(callText, callee);
  if (args === undefined) return undefined;
  // trio's and anyio's run_sync pass positional arguments only: keywords go through a lambda.
  const lambda = idioms.module !== 'asyncio' && hasKeywordArgument(args);
  const expression = lambda ? `${idioms.toThread}(lambda: ${callText})` : `${idioms.toThread}(${callee}${args ? `, ${args}` : ''})`;
  return {
    title: `Run \`${callee}\` in a thread: \`await ${idioms.toThread}(${callee}, ...)\``,
    isPreferred: true,
    edits: [{ range: finding.range, newText: awaitedReplacement(source, finding, expression) }, ...importModule(source, idioms.module)],
  };
}

/** The line where a compound statement's body starts, and whether the body sits on the header
 * line (`for x in xs: f(x)`), found by scanning to the header's `:` outside brackets and strings. */
function bodyStart(source: Source, start: Position): { headerEnd: number; inline: boolean } | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let line = start.line; line < source.lines.length; line++) {
    const text = source.lines[line];
    for (let i = line === start.line ? start.character : 0; i < text.length; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === '\\') i++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") quote = ch;
      else if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth--;
      else if (ch === ':' && depth === 0 && text[i + 1] !== '=') {
        const after = text.slice(i + 1).replace(/#.*/, '').trim();
        return { headerEnd: line, inline: after.length > 0 };
      }
    }
  }
  return undefined;
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

/** The body's lines (indices) after the header: every following line indented deeper, blank lines included. */
function bodyLines(source: Source, headerLine: number, headerEnd: number): number[] {
  const base = indentOf(source.lines[headerLine]).length;
  const out: number[] = [];
  for (let i = headerEnd + 1; i < source.lines.length; i++) {
    const l = source.lines[i];
    if (!l.trim()) {
      out.push(i);
      continue;
    }
    if (indentOf(l).length <= base) break;
    out.push(i);
  }
  while (out.length && !source.lines[out[out.length - 1]].trim()) out.pop();
  return out;
}

function periodicYieldFix(source: Source, finding: Finding, idioms: Idioms): QuickFix | undefined {
  const header = bodyStart(source, finding.range.start);
  if (!header || header.inline) return undefined;
  const body = bodyLines(source, finding.range.start.line, header.headerEnd).filter((i) => source.lines[i].trim() && !source.lines[i].trim().startsWith('#'));
  if (body.length === 0) return undefined;
  const first = body[0];
  const indent = indentOf(source.lines[first]);
  return {
    title: `Let other tasks run: \`await ${idioms.sleep}(0)\` in every iteration`,
    isPreferred: true,
    edits: [{ range: { start: at(first, 0), end: at(first, 0) }, newText: `${indent}await ${idioms.sleep}(0)  # let other tasks run\n` }, ...importModule(source, idioms.module)],
  };
}

/** `callee(args)` as written: a dotted callee and its argument text, or undefined for anything
 * else (a call on a call's result, a subscript, a nested await). */
function simpleCall(text: string): { callee: string; args: string } | undefined {
  const m = /^([A-Za-z_][\w.]*)\(([\s\S]*)\)$/.exec(text.trim());
  if (!m || /\bawait\b/.test(codeOutsideStrings(m[2]))) return undefined;
  // The parentheses must be the call's own: `f(a)(b)` or `f(a).g(b)` is not `callee(args)`.
  let depth = 0;
  for (const ch of codeOutsideStrings(m[2])) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth < 0) return undefined;
  }
  return depth === 0 ? { callee: m[1], args: m[2] } : undefined;
}

/** The arguments read only names and call nothing (no call, no lambda, no walrus): evaluating them
 * all before the first call gives the values the loop would have given. */
function isPureArguments(args: string): boolean {
  const code = codeOutsideStrings(args);
  return !/[\w)\]]\s*\(|\blambda\b|:=|\bawait\b|\byield\b/.test(code);
}

/** The names the `for` target binds (`url`, `key, value`, `(a, b)`), or undefined for other targets. */
function targetNames(target: string): string[] | undefined {
  const names = target.replace(/^\((.*)\)$/, '$1').split(',').map((n) => n.trim()).filter(Boolean);
  return names.every((n) => /^[A-Za-z_]\w*$/.test(n)) ? names : undefined;
}

/** Is any of `names` read after the loop, in the rest of the function holding it (the rewrite's
 * generator does not leave the loop variable bound)? */
function readAfter(source: Source, loopLine: number, lastLine: number, names: string[]): boolean {
  const loopIndent = indentOf(source.lines[loopLine]).length;
  let defIndent = -1;
  for (let i = loopLine - 1; i >= 0; i--) {
    const l = source.lines[i];
    if (l.trim() && indentOf(l).length < loopIndent && /^\s*(async\s+)?def\s/.test(l)) {
      defIndent = indentOf(l).length;
      break;
    }
  }
  for (let i = lastLine + 1; i < source.lines.length; i++) {
    const l = source.lines[i];
    if (!l.trim() || l.trim().startsWith('#')) continue;
    if (indentOf(l).length <= defIndent) break;
    const read = namesInText(l.replace(/#.*$/, ''));
    if (names.some((n) => read.has(n))) return true;
  }
  return false;
}

/** `for x in xs:` whose body is `await f(x)` or `out.append(await f(x))` becomes one `gather`. The
 * fix is offered only where the rewrite keeps the loop's meaning as far as the code shows: the
 * body is that one statement; the call is `callee(args)` with arguments that call nothing and read
 * no name the loop changes; the list appended to is not the one walked nor read by the call; the
 * loop has no `else` and its variable is not read after it. Then the same calls get the same
 * arguments and the results keep their order; what changes is that the calls overlap. */
function gatherFix(source: Source, finding: Finding): QuickFix | undefined {
  // The loop is the nearest line above the await that starts with `for` at a smaller indent.
  const awaitLine = finding.range.start.line;
  const awaitIndent = indentOf(source.lines[awaitLine]).length;
  let loopLine = -1;
  for (let i = awaitLine - 1; i >= 0; i--) {
    const l = source.lines[i];
    if (!l.trim()) continue;
    if (indentOf(l).length < awaitIndent) {
      loopLine = i;
      break;
    }
  }
  if (loopLine < 0) return undefined;
  const header = /^(\s*)for\s+(.+?)\s+in\s+(.+?):\s*(#.*)?$/.exec(source.lines[loopLine]);
  if (!header) return undefined;
  const body = bodyLines(source, loopLine, loopLine);
  const statements = body.filter((i) => source.lines[i].trim() && !source.lines[i].trim().startsWith('#'));
  if (statements.length !== 1 || statements[0] !== awaitLine) return undefined;
  const [, indent, target, iterable] = header;
  const names = targetNames(target);
  const lastLine = body[body.length - 1];
  const next = source.lines.slice(lastLine + 1).find((l) => l.trim() && !l.trim().startsWith('#'));
  if (!names || (next !== undefined && indentOf(next) === indent && /^\s*else\s*:/.test(next)) || readAfter(source, loopLine, lastLine, names)) return undefined;
  const statement = source.lines[awaitLine].replace(/\s+#[^'"]*$/, '').trim();
  const appended = /^([A-Za-z_][\w.]*)\.append\(await\s+([\s\S]+)\)$/.exec(statement);
  const bare = /^await\s+([\s\S]+)$/.exec(statement);
  const call = simpleCall(appended ? appended[2] : bare ? bare[1] : '');
  if (!call || !isPureArguments(call.args)) return undefined;
  if (appended) {
    const list = appended[1].split('.')[0];
    if (namesInText(iterable).has(list) || namesInText(`${call.callee}(${call.args})`).has(list)) return undefined;
  }
  const expression = `${call.callee}(${call.args})`;
  const replacement = appended
    ? `${indent}${appended[1]}.extend(await asyncio.gather(*(${expression} for ${target} in ${iterable})))`
    : `${indent}await asyncio.gather(*(${expression} for ${target} in ${iterable}))`;
  return {
    title: 'Run the awaits together with `asyncio.gather`',
    isPreferred: true,
    edits: [{ range: { start: at(loopLine, 0), end: at(lastLine, source.lines[lastLine].length) }, newText: replacement }, ...importModule(source, 'asyncio')],
  };
}

/** `# boundwise: ignore[BWnnn]` at the end of the finding's first line (joined to an existing one). */
export function pythonSuppressionFix(text: string, finding: Finding): QuickFix {
  const source = new Source(text);
  const line = finding.range.start.line;
  const current = source.lines[line] ?? '';
  const existing = /#\s*boundwise:\s*ignore\[([^\]]*)\]/.exec(current);
  if (existing) {
    const start = existing.index + existing[0].indexOf('[') + 1;
    const end = start + existing[1].length;
    return {
      title: `Ignore ${finding.code} on this line`,
      edits: [{ range: { start: at(line, start), end: at(line, end) }, newText: `${existing[1]}, ${finding.code}` }],
    };
  }
  const end = current.replace(/\s+$/, '').length;
  return {
    title: `Ignore ${finding.code} on this line`,
    edits: [{ range: { start: at(line, end), end: at(line, current.length) }, newText: `  # boundwise: ignore[${finding.code}]` }],
  };
}

/** Every quick fix for a Python finding: the one that removes it first, the suppression last. */
export function pythonQuickFixes(_file: string, text: string, finding: Finding): QuickFix[] {
  const source = new Source(text);
  const kind = finding.data?.fix;
  const idioms = IDIOMS[asyncFrameworkOf(text)];
  const fix =
    kind === 'async-sleep' ? asyncSleepFix(source, finding, idioms)
    : kind === 'to-thread' ? toThreadFix(source, finding, idioms)
    : kind === 'periodic-yield' ? periodicYieldFix(source, finding, idioms)
    : kind === 'gather' ? gatherFix(source, finding)
    : undefined;
  return [...(fix ? [fix] : []), pythonSuppressionFix(text, finding)];
}
