// Python front end: turns tree-sitter regions into SourceFacts (functions, calls with their
// names resolved through imports and aliases, scopes respected so shadowed names do not resolve).
import type { Node } from 'web-tree-sitter';
import type { CallFact, FunctionFact, Range, SourceFacts } from '../types';
import { parseSuppressions } from '../suppressions';
import type { ParsedPython } from './parser';

/** What a name is bound to in a scope: an imported dotted name, or something local (unknown). */
type Binding = { kind: 'import'; target: string } | { kind: 'local' };

interface Scope {
  kind: 'module' | 'function' | 'class';
  bindings: Map<string, Binding>;
  parent?: Scope;
  /** Names declared `global` here (looked up in the module scope). */
  globals: Set<string>;
}

const SCOPE_NODES = new Set(['function_definition', 'lambda', 'class_definition']);

export function extractPythonFacts(file: string, text: string, parsed: ParsedPython): SourceFacts {
  const functions: FunctionFact[] = [];
  const calls: CallFact[] = [];
  const moduleScope: Scope = { kind: 'module', bindings: new Map(), globals: new Set() };
  for (const region of parsed.regions) collectBindings(region.root, moduleScope);

  for (const region of parsed.regions) {
    const offset = region.lineOffset;
    const range = (n: Node): Range => ({
      start: { line: n.startPosition.row + offset, character: n.startPosition.column },
      end: { line: n.endPosition.row + offset, character: n.endPosition.column },
    });

    const visit = (node: Node, scope: Scope, functionId: number | undefined): void => {
      if (node.type === 'function_definition' || node.type === 'lambda') {
        const id = functions.length;
        const isAsync = node.type === 'function_definition' && node.children.some((c) => c?.type === 'async');
        const nameNode = node.childForFieldName('name');
        functions.push({
          id,
          name: nameNode?.text ?? '<lambda>',
          isAsync,
          runsOnEventLoop: isAsync,
          range: range(node),
          nameRange: range(nameNode ?? node),
          parentId: functionId,
        });
        const inner: Scope = { kind: 'function', bindings: new Map(), parent: scope, globals: new Set() };
        const params = node.childForFieldName('parameters');
        if (params) bindParameters(params, inner);
        const body = node.childForFieldName('body');
        if (body) {
          collectBindings(body, inner);
          visit(body, inner, id);
        }
        // Default values and decorators run in the enclosing scope.
        if (params) visitChildren(params, scope, functionId);
        return;
      }
      if (node.type === 'class_definition') {
        const inner: Scope = { kind: 'class', bindings: new Map(), parent: scope, globals: new Set() };
        const body = node.childForFieldName('body');
        if (body) {
          collectBindings(body, inner);
          visit(body, inner, functionId);
        }
        return;
      }
      if (node.type === 'call') {
        const callee = node.childForFieldName('function');
        if (callee) {
          calls.push({
            target: resolveCallee(callee, scope),
            calleeText: callee.text,
            range: range(node),
            calleeRange: range(callee),
            functionId,
            awaited: node.parent?.type === 'await',
          });
        }
      }
      visitChildren(node, scope, functionId);
    };
    const visitChildren = (node: Node, scope: Scope, functionId: number | undefined): void => {
      for (const child of node.namedChildren) if (child) visit(child, scope, functionId);
    };
    visit(region.root, moduleScope, undefined);
  }

  return {
    file,
    language: 'python',
    functions,
    calls,
    suppressions: parseSuppressions(text, 'python'),
    syntaxErrors: parsed.errorLines.map((line) => ({ start: { line, character: 0 }, end: { line, character: 0 } })),
  };
}

/** Resolves `t.sleep` / `nap` / `os.path.exists` to a canonical dotted name, or undefined. */
function resolveCallee(callee: Node, scope: Scope): string | undefined {
  const parts: string[] = [];
  let node: Node | null = callee;
  while (node && node.type === 'attribute') {
    const attr = node.childForFieldName('attribute');
    if (!attr) return undefined;
    parts.unshift(attr.text);
    node = node.childForFieldName('object');
  }
  if (!node || node.type !== 'identifier') return undefined;
  const base = lookup(node.text, scope);
  if (base === undefined) return undefined;
  return [base, ...parts].join('.');
}

/** The canonical name a bare identifier refers to: an import's target, a builtin, or undefined. */
function lookup(name: string, scope: Scope): string | undefined {
  let current: Scope | undefined = scope;
  let first = true;
  while (current) {
    if (current.globals.has(name)) {
      current = moduleOf(current);
      first = false;
      continue;
    }
    // Class bodies are not visible from the methods inside them.
    if (current.kind !== 'class' || first) {
      const binding = current.bindings.get(name);
      if (binding) return binding.kind === 'import' ? binding.target : undefined;
    }
    first = false;
    current = current.parent;
  }
  return `builtins.${name}`;
}

function moduleOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

function bindParameters(params: Node, scope: Scope): void {
  for (const p of params.namedChildren) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : p.namedChildren.find((c) => c?.type === 'identifier');
    if (id) scope.bindings.set(id.text, { kind: 'local' });
  }
}

/** Records the names a scope binds, without entering nested functions or classes. A name bound
 * both by an import and locally counts as local: we cannot tell which one a call sees. */
function collectBindings(root: Node, scope: Scope): void {
  const bindLocal = (name: string) => scope.bindings.set(name, { kind: 'local' });
  const bindImport = (name: string, target: string) => {
    if (scope.bindings.get(name)?.kind !== 'local') scope.bindings.set(name, { kind: 'import', target });
  };
  const bindTargets = (target: Node | null) => {
    if (!target) return;
    if (target.type === 'identifier') bindLocal(target.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list'].includes(target.type)) {
      for (const c of target.namedChildren) bindTargets(c);
    }
  };
  const walk = (node: Node) => {
    switch (node.type) {
      case 'import_statement':
        for (const name of node.namedChildren) {
          if (!name) continue;
          if (name.type === 'dotted_name') bindImport(name.text.split('.')[0], name.text.split('.')[0]);
          else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) bindImport(alias, real);
          }
        }
        return;
      case 'import_from_statement': {
        const moduleName = node.childForFieldName('module_name')?.text;
        if (!moduleName) return;
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'dotted_name') bindImport(name.text, `${moduleName}.${name.text}`);
          else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) bindImport(alias, `${moduleName}.${real}`);
          }
        }
        return;
      }
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bindLocal(name.text);
        return;
      }
      case 'lambda':
        return;
      case 'global_statement':
        for (const c of node.namedChildren) if (c?.type === 'identifier') scope.globals.add(c.text);
        return;
      case 'assignment':
      case 'augmented_assignment':
        bindTargets(node.childForFieldName('left'));
        break;
      case 'for_statement':
        bindTargets(node.childForFieldName('left'));
        break;
      case 'named_expression':
        bindTargets(node.childForFieldName('name'));
        break;
      case 'as_pattern':
        bindTargets(node.childForFieldName('alias')?.namedChildren[0] ?? node.childForFieldName('alias'));
        break;
      case 'except_clause':
        for (const c of node.namedChildren) if (c?.type === 'as_pattern') bindTargets(c.childForFieldName('alias')?.namedChildren[0] ?? null);
        break;
    }
    for (const child of node.namedChildren) if (child && !SCOPE_NODES.has(child.type)) walk(child);
    for (const child of node.namedChildren) {
      if (child && (child.type === 'function_definition' || child.type === 'class_definition')) walk(child);
    }
  };
  walk(root);
}
