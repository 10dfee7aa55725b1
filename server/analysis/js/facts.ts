// JavaScript/TypeScript front end: parses with typescript-estree and turns the AST into
// SourceFacts, resolving callees through require, ESM imports (named, default, namespace,
// `node:` prefix) and destructuring renames, with shadowed names left unresolved.
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { CallFact, FunctionFact, Language, Range, SourceFacts } from '../types';
import { parseSuppressions } from '../suppressions';

type AnyNode = TSESTree.Node;
type Binding = { kind: 'import'; target: string } | { kind: 'local' };

interface Scope {
  bindings: Map<string, Binding>;
  parent?: Scope;
}

/** A JS/TS syntax error, with the position typescript-estree reports. */
export class JsSyntaxError extends Error {
  constructor(message: string, readonly range: Range) {
    super(message);
  }
}

/** `node:fs` -> `fs`, `fs/promises` -> `fs.promises`. */
export function canonicalModule(specifier: string): string {
  return specifier.replace(/^node:/, '').replace(/\//g, '.');
}

export function parseJs(text: string, file: string): TSESTree.Program {
  const jsx = !/\.(ts|mts|cts)$/i.test(file);
  try {
    return parse(text, { loc: true, range: true, jsx, comment: false, errorOnUnknownASTType: false, allowInvalidAST: true, suppressDeprecatedPropertyWarnings: true });
  } catch (error) {
    const e = error as { message?: string; location?: { start: { line: number; column: number }; end: { line: number; column: number } }; lineNumber?: number; column?: number };
    const line = (e.location?.start.line ?? e.lineNumber ?? 1) - 1;
    const character = e.location?.start.column ?? e.column ?? 0;
    throw new JsSyntaxError(e.message ?? String(error), { start: { line, character }, end: { line, character } });
  }
}

function toRange(node: AnyNode): Range {
  return {
    start: { line: node.loc.start.line - 1, character: node.loc.start.column },
    end: { line: node.loc.end.line - 1, character: node.loc.end.column },
  };
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function extractJsFacts(file: string, text: string, language: Language, program: TSESTree.Program): SourceFacts {
  const functions: FunctionFact[] = [];
  const calls: CallFact[] = [];
  const moduleScope: Scope = { bindings: new Map() };
  collectBindings(program, moduleScope);

  const visit = (node: AnyNode, parent: AnyNode | undefined, scope: Scope, functionId: number | undefined): void => {
    if (FUNCTION_TYPES.has(node.type)) {
      const fn = node as TSESTree.FunctionLike;
      const id = functions.length;
      const nameNode = functionNameNode(fn, parent);
      functions.push({
        id,
        name: nameNode ? nameOf(nameNode) : node.type === 'ArrowFunctionExpression' ? '<arrow>' : '<function>',
        isAsync: fn.async,
        runsOnEventLoop: fn.async,
        range: toRange(node),
        nameRange: toRange(nameNode ?? node),
        parentId: functionId,
      });
      const inner: Scope = { bindings: new Map(), parent: scope };
      for (const param of fn.params) bindPattern(param, inner);
      if (fn.type === 'FunctionExpression' && fn.id) inner.bindings.set(fn.id.name, { kind: 'local' });
      if (fn.body) {
        collectBindings(fn.body, inner);
        visit(fn.body, node, inner, id);
      }
      for (const param of fn.params) visit(param, node, scope, functionId);
      return;
    }
    if (node.type === 'CallExpression') {
      calls.push({
        target: resolveCallee(node.callee, scope),
        calleeText: text.slice(node.callee.range[0], node.callee.range[1]),
        range: toRange(node),
        calleeRange: toRange(node.callee),
        functionId,
        awaited: parent?.type === 'AwaitExpression',
      });
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child === 'object') visit(child as AnyNode, node, scope, functionId);
      } else if (value && typeof value === 'object' && 'type' in value) {
        visit(value as AnyNode, node, scope, functionId);
      }
    }
  };
  visit(program, undefined, moduleScope, undefined);

  return {
    file,
    language,
    functions,
    calls,
    suppressions: parseSuppressions(text, 'javascript'),
    syntaxErrors: [],
  };
}

function nameOf(node: AnyNode): string {
  if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') return node.name;
  if (node.type === 'Literal') return String(node.value);
  return '<computed>';
}

/** The node naming a function: its id, or the variable, property or method it is assigned to. */
function functionNameNode(fn: TSESTree.FunctionLike, parent: AnyNode | undefined): AnyNode | undefined {
  if (fn.id) return fn.id;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id;
  if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) return parent.key;
  return undefined;
}

/** Resolves a callee to a canonical dotted name (`fs.readFileSync`, `Atomics.wait`) or undefined. */
function resolveCallee(callee: AnyNode, scope: Scope): string | undefined {
  const parts: string[] = [];
  let node: AnyNode = callee;
  while (node.type === 'MemberExpression' || node.type === 'ChainExpression' || node.type === 'TSNonNullExpression') {
    if (node.type === 'ChainExpression' || node.type === 'TSNonNullExpression') {
      node = node.expression;
      continue;
    }
    if (node.computed) {
      if (node.property.type !== 'Literal' || typeof node.property.value !== 'string') return undefined;
      parts.unshift(node.property.value);
    } else {
      parts.unshift(nameOf(node.property));
    }
    node = node.object;
  }
  let base: string | undefined;
  if (node.type === 'Identifier') base = lookup(node.name, scope);
  else base = requiredModule(node);
  if (base === undefined) return undefined;
  return [base, ...parts].join('.');
}

/** `require('fs')` -> `fs`; anything else -> undefined. */
function requiredModule(node: AnyNode): string | undefined {
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0].type === 'Literal' &&
    typeof node.arguments[0].value === 'string'
  ) {
    return canonicalModule(node.arguments[0].value);
  }
  return undefined;
}

function lookup(name: string, scope: Scope): string | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const binding = s.bindings.get(name);
    if (binding) return binding.kind === 'import' ? binding.target : undefined;
  }
  return name; // a global such as `Atomics` or `require`
}

/** What a `require(...)`-style initializer imports: `require('fs')`, `require('fs').promises`. */
function importedBy(init: AnyNode | null | undefined): string | undefined {
  if (!init) return undefined;
  if (init.type === 'AwaitExpression') return importedBy(init.argument);
  if (init.type === 'ImportExpression' && init.source.type === 'Literal' && typeof init.source.value === 'string') {
    return canonicalModule(init.source.value);
  }
  const direct = requiredModule(init);
  if (direct) return direct;
  if (init.type === 'MemberExpression' && !init.computed) {
    const base = importedBy(init.object);
    if (base) return `${base}.${nameOf(init.property)}`;
  }
  return undefined;
}

function bindPattern(pattern: AnyNode, scope: Scope, source?: string): void {
  const set = (name: string, target?: string) =>
    scope.bindings.set(name, target ? { kind: 'import', target } : { kind: 'local' });
  switch (pattern.type) {
    case 'Identifier':
      set(pattern.name, source);
      return;
    case 'ObjectPattern':
      for (const prop of pattern.properties) {
        if (prop.type === 'RestElement') bindPattern(prop.argument, scope);
        else {
          const key = !prop.computed ? nameOf(prop.key) : undefined;
          bindPattern(prop.value, scope, source && key ? `${source}.${key}` : undefined);
        }
      }
      return;
    case 'ArrayPattern':
      for (const el of pattern.elements) if (el) bindPattern(el, scope);
      return;
    case 'AssignmentPattern':
      bindPattern(pattern.left, scope, source);
      return;
    case 'RestElement':
      bindPattern(pattern.argument, scope);
      return;
    case 'TSParameterProperty':
      bindPattern(pattern.parameter, scope);
      return;
    default:
      return;
  }
}

/** Records the names a function body (or the program) binds, without entering nested functions.
 * Block scoping is flattened to the function: a shadowing `let` anywhere hides the import. */
function collectBindings(root: AnyNode, scope: Scope): void {
  const walk = (node: AnyNode): void => {
    switch (node.type) {
      case 'ImportDeclaration': {
        const source = canonicalModule(String(node.source.value));
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportSpecifier') {
            scope.bindings.set(spec.local.name, { kind: 'import', target: `${source}.${nameOf(spec.imported)}` });
          } else {
            scope.bindings.set(spec.local.name, { kind: 'import', target: source });
          }
        }
        return;
      }
      case 'VariableDeclarator':
        bindPattern(node.id, scope, importedBy(node.init));
        if (node.init) walk(node.init);
        return;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (node.id) scope.bindings.set(node.id.name, { kind: 'local' });
        if (node.type === 'ClassDeclaration') walkChildren(node);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return;
      case 'CatchClause':
        if (node.param) bindPattern(node.param, scope);
        break;
    }
    walkChildren(node);
  };
  const walkChildren = (node: AnyNode): void => {
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child === 'object') walk(child as AnyNode);
      } else if (value && typeof value === 'object' && 'type' in value) walk(value as AnyNode);
    }
  };
  walk(root);
}
