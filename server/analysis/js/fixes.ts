// Quick fixes for JS/TS findings, as text edits: a blocking call -> its promise twin awaited
// (`fs.promises.x`, the `fs/promises` import already in the file, promisified `exec`), a
// periodic `await new Promise(setImmediate)` in a CPU loop, `Promise.all` for a loop of
// independent awaits (only where the rewrite keeps the loop's meaning: see promiseAllFix), and a
// suppression comment. A fix that needs `await` makes the enclosing
// handler `async`, except in callbacks whose return value matters (`arr.map(...)`): there only
// the suppression is offered. Each fix is checked by test/unit/js/fixes.test.ts to parse and to
// remove its finding.
import type { TSESTree } from '@typescript-eslint/types';
import { namesInText } from '../codeText';
import type { Finding, QuickFix, Range, TextEdit } from '../types';
import { jsAsyncTwin } from './asyncTwins';
import { canonicalModule, isFunctionNode, parseJs, type AnyNode, type FunctionNode } from './facts';
import { forEachNode } from './walk';


/** Callbacks whose return value the caller uses: making them async would change the program. */
const VALUE_CALLBACKS = new Set(['map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted', 'forEach']);

/** How often a fixed CPU loop yields to the event loop. */
const YIELD_EVERY = 1000;

interface Located {
  node: AnyNode;
  /** Ancestors, innermost first. */
  ancestors: AnyNode[];
}

class Source {
  readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }
  offset(p: { line: number; character: number }): number {
    return (this.lineStarts[p.line] ?? this.text.length) + p.character;
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
  insert(offset: number, newText: string): TextEdit {
    return { range: this.range(offset, offset), newText };
  }
  replace(node: { range: [number, number] }, newText: string): TextEdit {
    return { range: this.range(node.range[0], node.range[1]), newText };
  }
  slice(node: { range: [number, number] }): string {
    return this.text.slice(node.range[0], node.range[1]);
  }
  indentOf(offset: number): string {
    const line = this.position(offset).line;
    return /^[ \t]*/.exec(this.text.slice(this.lineStarts[line]))![0];
  }
}

/** The last node in document order (the innermost) among those the walk enters that passes
 * `matches`, with its ancestors (the parent first). `enters`: whether the node may contain one. */
function lastMatching(program: TSESTree.Program, enters: (n: AnyNode) => boolean, matches: (n: AnyNode) => boolean): Located | undefined {
  // Parents are kept per node and the ancestors listed only for the match: the walk stays linear.
  const parents = new Map<AnyNode, AnyNode>();
  let found: AnyNode | undefined;
  forEachNode(program, (node, parent) => {
    if (!enters(node)) return false;
    if (parent) parents.set(node, parent);
    if (matches(node)) found = node;
    return true;
  });
  if (!found) return undefined;
  const ancestors: AnyNode[] = [];
  for (let a = parents.get(found); a; a = parents.get(a)) ancestors.push(a);
  return { node: found, ancestors };
}

/** The innermost node spanning exactly [start, end) that passes `accept`, with its ancestors. */
function locate(program: TSESTree.Program, start: number, end: number, accept: (n: AnyNode) => boolean): Located | undefined {
  return lastMatching(
    program,
    (node) => node.range[0] <= start && node.range[1] >= end,
    (node) => node.range[0] === start && node.range[1] === end && accept(node),
  );
}

function enclosingFunction(ancestors: AnyNode[]): { fn: FunctionNode; index: number } | undefined {
  const index = ancestors.findIndex((a) => isFunctionNode(a));
  return index < 0 ? undefined : { fn: ancestors[index] as FunctionNode, index };
}

/** Edits that make the function `async`, or undefined when it must not become async. */
function makeAsync(source: Source, fn: FunctionNode, parent: AnyNode | undefined): TextEdit[] | undefined {
  if (fn.async) return [];
  if (fn.generator) return undefined;
  if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression' && !parent.callee.computed && parent.callee.property.type === 'Identifier' && VALUE_CALLBACKS.has(parent.callee.property.name)) {
    return undefined;
  }
  if (parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'))) {
    if (parent.kind === 'get' || parent.kind === 'set' || parent.kind === 'constructor') return undefined;
    return [source.insert(parent.key.range[0] - (parent.computed ? 1 : 0), 'async ')];
  }
  return [source.insert(fn.range[0], 'async ')];
}

/** A name not used anywhere in the text (for an added import). */
function freshName(text: string, wanted: string): string {
  let name = wanted;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(text); i++) name = `${wanted}${i}`;
  return name;
}

interface ModuleBinding {
  /** How to refer to the module (or the imported member) in code. */
  expression: string;
}

/** How the file already refers to `module` (canonical, e.g. `fs.promises`) or its export `member`. */
function existingBinding(program: TSESTree.Program, module: string, member?: string): ModuleBinding | undefined {
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration' && stmt.importKind !== 'type' && canonicalModule(String(stmt.source.value)) === module) {
      for (const spec of stmt.specifiers) {
        if (spec.type === 'ImportNamespaceSpecifier' || spec.type === 'ImportDefaultSpecifier') return { expression: member ? `${spec.local.name}.${member}` : spec.local.name };
        if (member && spec.type === 'ImportSpecifier' && spec.imported.type === 'Identifier' && spec.imported.name === member) return { expression: spec.local.name };
      }
    }
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const specifier = requireOf(d.init);
        if (specifier === undefined || canonicalModule(specifier) !== module) continue;
        if (d.id.type === 'Identifier') return { expression: member ? `${d.id.name}.${member}` : d.id.name };
        if (member && d.id.type === 'ObjectPattern') {
          for (const p of d.id.properties) {
            if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === member && p.value.type === 'Identifier') return { expression: p.value.name };
          }
        }
      }
    }
  }
  return undefined;
}

function requireOf(node: AnyNode | null | undefined): string | undefined {
  if (node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal' && typeof node.arguments[0].value === 'string') {
    return node.arguments[0].value;
  }
  return undefined;
}

function isEsm(program: TSESTree.Program): boolean {
  return program.body.some((s) => s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration');
}

/** A reference to `module`'s export `member`: an existing binding, or a new import/require (edit returned). */
function importMember(source: Source, program: TSESTree.Program, module: string, member: string, specifier: string): { expression: string; edits: TextEdit[] } {
  const existing = existingBinding(program, module, member);
  if (existing) return { expression: existing.expression, edits: [] };
  const name = freshName(source.text, member);
  const binding = name === member ? member : `${member}: ${name}`;
  const esm = isEsm(program);
  const line = esm ? `import { ${name === member ? member : `${member} as ${name}`} } from '${specifier}';\n` : `const { ${binding} } = require('${specifier}');\n`;
  // After the last import/require at the top, or at the very top.
  let at = 0;
  for (const stmt of program.body) {
    const isImport = stmt.type === 'ImportDeclaration' || (stmt.type === 'VariableDeclaration' && stmt.declarations.some((d) => requireOf(d.init) !== undefined));
    if (!isImport) break;
    at = source.lineStarts[stmt.loc.end.line] ?? source.text.length;
  }
  if (at === 0 && source.text.startsWith('#!')) at = source.lineStarts[1] ?? source.text.length;
  const prefix = at > 0 && source.text[at - 1] !== '\n' ? '\n' : '';
  return { expression: name, edits: [source.insert(at, prefix + line)] };
}

/** `await X` where the call was: parenthesised when the call is a member's object or a callee. */
function awaited(expression: string, parent: AnyNode | undefined, node: AnyNode): string {
  const needsParens =
    (parent?.type === 'MemberExpression' && parent.object === node) ||
    (parent?.type === 'CallExpression' && parent.callee === node) ||
    parent?.type === 'TaggedTemplateExpression' ||
    (parent?.type === 'BinaryExpression' && parent.operator === '**');
  return needsParens ? `(await ${expression})` : `await ${expression}`;
}

function asyncApiFix(source: Source, program: TSESTree.Program, finding: Finding): QuickFix | undefined {
  const target = finding.data?.target;
  const twin = target ? jsAsyncTwin(target) : undefined;
  if (!twin) return undefined;
  const at = locate(program, source.offset(finding.range.start), source.offset(finding.range.end), (n) => n.type === 'CallExpression');
  if (!at) return undefined;
  const call = at.node as TSESTree.CallExpression;
  const enclosing = enclosingFunction(at.ancestors);
  if (!enclosing) return undefined;
  const asyncEdits = makeAsync(source, enclosing.fn, at.ancestors[enclosing.index + 1]);
  if (!asyncEdits) return undefined;
  const args = source.text.slice(source.text.indexOf('(', (call.typeArguments ?? call.callee).range[1]), call.range[1]);
  let replacement: string;
  const edits: TextEdit[] = [...asyncEdits];
  let title: string;
  if (twin.kind === 'fs-promises') {
    const fromPromises = existingBinding(program, 'fs.promises', twin.name);
    let fn: string;
    if (fromPromises) fn = fromPromises.expression;
    else if (call.callee.type === 'MemberExpression' && !call.callee.computed) fn = `${source.slice(call.callee.object)}.promises.${twin.name}`;
    else {
      const fs = existingBinding(program, 'fs');
      if (fs) fn = `${fs.expression}.promises.${twin.name}`;
      else {
        const imported = importMember(source, program, 'fs.promises', twin.name, 'node:fs/promises');
        fn = imported.expression;
        edits.push(...imported.edits);
      }
    }
    replacement = awaited(`${fn}${args}`, at.ancestors[0], call);
    title = `Use \`await ${fn}(...)\``;
  } else {
    const promisify = importMember(source, program, 'util', 'promisify', 'node:util');
    const original = importMember(source, program, twin.module, twin.name, `node:${twin.module}`);
    edits.push(...promisify.edits, ...original.edits);
    replacement = `(await ${promisify.expression}(${original.expression})${args}).${twin.result}`;
    title = `Use \`await promisify(${twin.name})(...)\``;
  }
  edits.push(source.replace(call, replacement));
  return { title, edits, isPreferred: true };
}

type LoopNode = TSESTree.ForStatement | TSESTree.ForOfStatement | TSESTree.ForInStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;
const LOOPS = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

function loopAtHeader(program: TSESTree.Program, source: Source, range: Range): Located | undefined {
  const start = source.offset(range.start);
  return lastMatching(
    program,
    (node) => node.range[0] <= start && node.range[1] > start,
    (node) => node.range[0] === start && LOOPS.has(node.type),
  );
}

function periodicYieldFix(source: Source, program: TSESTree.Program, finding: Finding): QuickFix | undefined {
  const at = loopAtHeader(program, source, finding.range);
  if (!at) return undefined;
  const loop = at.node as LoopNode;
  const enclosing = enclosingFunction(at.ancestors);
  if (!enclosing) return undefined;
  const asyncEdits = makeAsync(source, enclosing.fn, at.ancestors[enclosing.index + 1]);
  if (!asyncEdits) return undefined;
  const edits: TextEdit[] = [...asyncEdits];
  // Count with the loop's own counter when it has one (`for (let i = 0; ...; i++)`), else a new one.
  let counter: string | undefined;
  if (loop.type === 'ForStatement' && loop.init?.type === 'VariableDeclaration' && loop.init.declarations[0]?.id.type === 'Identifier' && loop.update?.type === 'UpdateExpression') {
    counter = loop.init.declarations[0].id.name;
  }
  let condition: string;
  if (counter) condition = `${counter} % ${YIELD_EVERY} === 0`;
  else {
    const tick = freshName(source.text, 'iterations');
    edits.push(source.insert(loop.range[0], `let ${tick} = 0;\n${source.indentOf(loop.range[0])}`));
    condition = `++${tick} % ${YIELD_EVERY} === 0`;
  }
  const statement = `if (${condition}) await new Promise(setImmediate); // let other work run`;
  const body = loop.body;
  const indent = source.indentOf(loop.range[0]);
  if (body.type === 'BlockStatement') {
    const inner = body.body.length ? source.indentOf(body.body[0].range[0]) : `${indent}  `;
    const sameLine = body.body.length && source.position(body.body[0].range[0]).line === source.position(body.range[0]).line;
    if (body.body.length && !sameLine) edits.push(source.insert(source.lineStarts[source.position(body.body[0].range[0]).line], `${inner}${statement}\n`));
    else edits.push(source.insert(body.range[0] + 1, `\n${inner}${statement}\n${sameLine ? inner : indent}`));
  } else {
    edits.push(source.replace(body, `{\n${indent}  ${statement}\n${indent}  ${source.slice(body)}\n${indent}}`));
  }
  return { title: `Yield to the event loop every ${YIELD_EVERY} iterations`, edits, isPreferred: true };
}

/** Evaluating `node` has no effect and calls nothing (names, members, literals, templates,
 * operators; a function written inline is only created): evaluating it early gives the same value. */
function isPure(node: AnyNode): boolean {
  let pure = true;
  forEachNode(node, (n) => {
    if (!pure || isFunctionNode(n)) return false;
    if (/^(CallExpression|NewExpression|AwaitExpression|YieldExpression|AssignmentExpression|UpdateExpression|TaggedTemplateExpression|ImportExpression)$/.test(n.type)) pure = false;
    else if (n.type === 'UnaryExpression' && n.operator === 'delete') pure = false;
    return pure;
  });
  return pure;
}

/** `f(args)` or `a.b.f(args)` whose callee is a plain name or member chain and whose arguments are pure. */
function isSimpleCall(node: AnyNode): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression' || node.optional) return false;
  let callee: AnyNode = node.callee;
  while (callee.type === 'MemberExpression' && !callee.computed && !callee.optional) callee = callee.object;
  return (callee.type === 'Identifier' || callee.type === 'ThisExpression') && node.arguments.every(isPure);
}

/** A loop whose body is `await f(x)` or `out.push(await f(x))` alone becomes one `Promise.all`. The
 * fix is offered only where the rewrite keeps the loop's meaning as far as the code shows: a
 * `for...of` over a `const`/`let` variable, or a counted `for (let i = 0; i < n; i++)` with a pure
 * bound; that one statement as the body; a call whose callee is a name or member chain and whose
 * arguments are pure; a list pushed to that is neither walked nor read by the call. Then the same
 * calls get the same arguments and the results keep their order; what changes is that the calls
 * overlap. */
function promiseAllFix(source: Source, program: TSESTree.Program, finding: Finding): QuickFix | undefined {
  const at = locate(program, source.offset(finding.range.start), source.offset(finding.range.end), (n) => n.type === 'AwaitExpression');
  if (!at) return undefined;
  const loopIndex = at.ancestors.findIndex((a) => LOOPS.has(a.type) || isFunctionNode(a));
  if (loopIndex < 0 || isFunctionNode(at.ancestors[loopIndex])) return undefined;
  const loop = at.ancestors[loopIndex] as LoopNode;
  let items: string;
  let param: string;
  let walked: AnyNode;
  if (loop.type === 'ForOfStatement' && !loop.await && loop.left.type === 'VariableDeclaration' && loop.left.kind !== 'var' && loop.left.declarations.length === 1) {
    items = source.slice(loop.right);
    param = source.slice(loop.left.declarations[0].id);
    walked = loop.right;
  } else if (
    loop.type === 'ForStatement' &&
    loop.init?.type === 'VariableDeclaration' &&
    loop.init.kind === 'let' &&
    loop.init.declarations.length === 1 &&
    loop.init.declarations[0].id.type === 'Identifier' &&
    loop.init.declarations[0].init?.type === 'Literal' &&
    loop.init.declarations[0].init.value === 0 &&
    loop.test?.type === 'BinaryExpression' &&
    loop.test.operator === '<' &&
    loop.test.left.type === 'Identifier' &&
    loop.test.left.name === loop.init.declarations[0].id.name &&
    isPure(loop.test.right) &&
    loop.update?.type === 'UpdateExpression' &&
    loop.update.operator === '++'
  ) {
    items = `{ length: ${source.slice(loop.test.right)} }`;
    param = `_, ${loop.init.declarations[0].id.name}`;
    walked = loop.test.right;
  } else return undefined;
  const statements = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  const only = statements.length === 1 && statements[0].type === 'ExpressionStatement' ? statements[0].expression : undefined;
  if (!only) return undefined;
  const all = (value: AnyNode) => `await Promise.all(Array.from(${items}, (${param}) => ${source.slice(value)}))`;
  if (only.type === 'AwaitExpression' && isSimpleCall(only.argument)) {
    return { title: 'Run the iterations together with `Promise.all`', isPreferred: true, edits: [source.replace(loop, `${all(only.argument)};`)] };
  }
  // `out.push(await f(x))`: push the results in order once they are all in (one by one: a spread
  // of a large array would exceed the argument limit).
  if (
    only.type === 'CallExpression' &&
    only.callee.type === 'MemberExpression' &&
    !only.callee.computed &&
    only.callee.property.type === 'Identifier' &&
    only.callee.property.name === 'push' &&
    only.arguments.length === 1 &&
    only.arguments[0].type === 'AwaitExpression' &&
    isSimpleCall(only.arguments[0].argument) &&
    isPure(only.callee.object)
  ) {
    const list = source.slice(only.callee.object);
    const root = /^[\w$]+/.exec(list)?.[0] ?? '';
    const call = only.arguments[0].argument;
    if (namesInText(source.slice(walked)).has(root) || namesInText(source.slice(call)).has(root)) return undefined;
    const value = freshName(source.slice(loop), 'result');
    return {
      title: 'Run the iterations together with `Promise.all`',
      isPreferred: true,
      edits: [source.replace(loop, `for (const ${value} of ${all(call)}) ${list}.push(${value});`)],
    };
  }
  return undefined;
}

/** `// boundwise-ignore-next-line BWnnn` above the finding's line, at its indentation. */
export function suppressionFix(text: string, finding: Finding): QuickFix {
  const source = new Source(text);
  const lineStart = source.lineStarts[finding.range.start.line] ?? text.length;
  const indent = source.indentOf(lineStart);
  return {
    title: `Ignore ${finding.code} on this line`,
    edits: [source.insert(lineStart, `${indent}// boundwise-ignore-next-line ${finding.code}\n`)],
  };
}

/** Every quick fix for a JS/TS finding, the one that removes it first, the suppression last. */
export function jsQuickFixes(file: string, text: string, finding: Finding): QuickFix[] {
  const fixes: QuickFix[] = [];
  let program: TSESTree.Program | undefined;
  try {
    program = parseJs(text, file);
  } catch {
    program = undefined; // a file that does not parse gets only the suppression
  }
  if (program) {
    const source = new Source(text);
    const kind = finding.data?.fix;
    const fix =
      kind === 'async-api' ? asyncApiFix(source, program, finding)
      : kind === 'periodic-yield' ? periodicYieldFix(source, program, finding)
      : kind === 'gather' ? promiseAllFix(source, program, finding)
      : undefined;
    if (fix) fixes.push(fix);
  }
  fixes.push(suppressionFix(text, finding));
  return fixes;
}
