// Python scopes and what names bind: module, function and class scopes as Python's rules make them
// (class bodies invisible from their methods, `global` and `nonlocal`), the bindings of each (imports,
// definitions, `self`, assigned values kept for type inference), and the attributes methods assign
// to `self`. Built once per statement (pass 1 of ./facts) and read by ./types, ./loops and ./calls.
import type { DeferredDefinition } from './parser';
import { MAX_NAMED_NESTING } from '../types';
import { forEachDescendant, type SyntaxNode as Node } from './syntax';

/** A value bound to a name by an assignment, `with ... as`, or `self.x = ...`, with the scope its
 * expression is evaluated in. Types are inferred from these lazily. */
export interface BoundValue {
  node: Node;
  scope: Scope;
}

export type Binding =
  | { kind: 'import'; target: string; module: string; name: string }
  | { kind: 'def'; qualifiedName: string; isClass: boolean }
  /** `self`/`cls`: the first parameter of a method. */
  | { kind: 'self'; classQualifiedName: string }
  /** A local variable; `values` null when something we cannot follow binds it (a parameter, a loop). */
  | { kind: 'local'; values: BoundValue[] | null };

export interface ClassInfo {
  qualifiedName: string;
  /** `self.name = value` assignments in the class's methods. */
  attributes: Map<string, BoundValue[]>;
}

export interface Scope {
  kind: 'module' | 'function' | 'class';
  bindings: Map<string, Binding>;
  parent?: Scope;
  /** Names declared `global` here (looked up in the module scope). */
  globals: Set<string>;
  /** Prefix for the qualified names of functions and classes defined here. */
  qualifiedPrefix: string;
  /** How many function and class scopes enclose this one (and count it): 0 for a module. */
  depth: number;
  /** For a class body: the class. */
  classInfo?: ClassInfo;
}

export const SCOPE_NODES = new Set(['function_definition', 'lambda', 'class_definition']);

/** A module's scope, to which the scopes of its statements are attached. */
export function newModuleScope(): Scope {
  return { kind: 'module', bindings: new Map(), globals: new Set(), qualifiedPrefix: '', depth: 0 };
}

/** The prefix of the names defined in a scope nested in `outer`: `path` as spelled out
 * (`outer.f.<locals>.`), or, past MAX_NAMED_NESTING scopes, one short and unique to the scope's
 * node. Each prefix spells out those around it, so a nest thousands deep (generated or hostile
 * code) would otherwise take the square of its depth in memory. */
function nestedPrefix(outer: Scope, node: Node, path: string): string {
  return outer.depth + 1 < MAX_NAMED_NESTING ? path : `<nested ${node.id}>.`;
}

/** Makes the scopes of the functions, lambdas and classes in `root` (nested in `scope`, whose
 * own bindings are already collected), in order, into `made`; imports inside them go to `imports`.
 * `self`: `root` itself may be a definition (else only what it contains is entered). */
export function buildScopes(root: Node, scope: Scope, made: Array<[number, Scope]>, imports: string[], self: boolean): void {
  // An explicit stack, not recursion (no depth of nesting overflows the call stack): nodes to
  // enter with the scope they are in, and steps to take once the entries above them are done.
  const stack: Array<[Node, Scope] | (() => void)> = [];
  const enterChildren = (node: Node, s: Scope): void => {
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], s]);
  };
  if (self) stack.push([root, scope]);
  else enterChildren(root, scope);
  while (stack.length) {
    const entry = stack.pop()!;
    if (typeof entry === 'function') {
      entry();
      continue;
    }
    const [child, outer] = entry;
    if (child.type === 'function_definition' || child.type === 'lambda') {
      const name = child.childForFieldName('name')?.text ?? '<lambda>';
      const qualifiedPrefix = nestedPrefix(outer, child, `${outer.qualifiedPrefix}${name}.<locals>.`);
      const inner: Scope = { kind: 'function', bindings: new Map(), parent: outer, globals: new Set(), qualifiedPrefix, depth: outer.depth + 1 };
      made.push([child.id, inner]);
      const params = child.childForFieldName('parameters');
      if (params) bindParameters(params, inner, outer.classInfo && child.type === 'function_definition' && !isStaticMethod(child) ? outer.classInfo.qualifiedName : undefined);
      const body = child.childForFieldName('body');
      // Pushed last first, to run in this order: the parameters' defaults (and lambdas in them,
      // which belong to the enclosing scope), the body's bindings, what the body contains, and a
      // method's self attributes.
      const info = outer.classInfo;
      if (info && child.type === 'function_definition' && body) stack.push(() => collectSelfAttributes(body, inner, info));
      if (body) {
        enterChildren(body, inner);
        stack.push(() => collectBindings(body, inner, imports));
      }
      if (params) enterChildren(params, outer);
      continue;
    }
    if (child.type === 'class_definition') {
      const name = child.childForFieldName('name')?.text ?? '<class>';
      const qualifiedName = `${outer.qualifiedPrefix}${name}`;
      const inner: Scope = {
        kind: 'class',
        bindings: new Map(),
        parent: outer,
        globals: new Set(),
        qualifiedPrefix: nestedPrefix(outer, child, `${qualifiedName}.`),
        depth: outer.depth + 1,
        classInfo: { qualifiedName, attributes: new Map() },
      };
      made.push([child.id, inner]);
      const supers = child.childForFieldName('superclasses');
      const body = child.childForFieldName('body');
      if (body) {
        enterChildren(body, inner);
        stack.push(() => collectBindings(body, inner, imports));
      }
      if (supers) enterChildren(supers, outer);
      continue;
    }
    enterChildren(child, outer);
  }
}

/** The class scopes among `scopes`, by the class's qualified name. */
export function classScopesOf(scopes: Iterable<Scope>): Map<string, Scope> {
  const classScopes = new Map<string, Scope>();
  for (const scope of scopes) if (scope.classInfo) classScopes.set(scope.classInfo.qualifiedName, scope);
  return classScopes;
}

/** Definitions a partial parse (./partial) left out: their qualified names, and per class and
 * attribute the methods left out that may assign it. */
export interface LeftOut {
  names: Set<string>;
  assignments: Map<string, Map<string, string[]>>;
}

/** Functions, classes and methods left out of a partial parse bind their names like those parsed
 * (a scope's own definitions are bound after its other statements, as collectBindings does). */
export function bindLeftOut(definitions: DeferredDefinition[], moduleScope: Scope, classScopes: Map<string, Scope>): LeftOut {
  const leftOut: LeftOut = { names: new Set(), assignments: new Map() };
  for (const d of definitions) {
    leftOut.names.add(d.name);
    const dot = d.name.lastIndexOf('.');
    const className = d.name.slice(0, Math.max(dot, 0));
    const scope = dot < 0 ? moduleScope : classScopes.get(className);
    if (scope) bindDefinition(scope, d.name.slice(dot + 1), d.isClass);
    for (const attr of d.assigns ?? []) {
      const byAttribute = leftOut.assignments.get(className) ?? new Map<string, string[]>();
      leftOut.assignments.set(className, byAttribute.set(attr, [...(byAttribute.get(attr) ?? []), d.name]));
    }
  }
  return leftOut;
}

function isStaticMethod(def: Node): boolean {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return parent.namedChildren.some((c) => c?.type === 'decorator' && /^@\s*staticmethod\b/.test(c.text));
}

/** The binding a bare name refers to, or undefined for a builtin. */
export function lookupBinding(name: string, scope: Scope): Binding | undefined {
  let current: Scope | undefined = scope;
  let first = true;
  while (current) {
    // `global` at module level changes nothing (and redirecting there would never end).
    if (current.parent && current.globals.has(name)) {
      current = moduleOf(current);
      first = false;
      continue;
    }
    // Class bodies are not visible from the methods inside them.
    if (current.kind !== 'class' || first) {
      const binding = current.bindings.get(name);
      if (binding) return binding;
    }
    first = false;
    current = current.parent;
  }
  return undefined;
}

function moduleOf(scope: Scope): Scope {
  let s = scope;
  while (s.parent) s = s.parent;
  return s;
}

function bindParameters(params: Node, scope: Scope, classQualifiedName: string | undefined): void {
  let first = true;
  for (const p of params.namedChildren) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
    if (id?.type !== 'identifier') continue;
    if (first && classQualifiedName && p.type === 'identifier') scope.bindings.set(id.text, { kind: 'self', classQualifiedName });
    else scope.bindings.set(id.text, { kind: 'local', values: null });
    first = false;
  }
}

/** `self.x = value` in a method: the attribute's possible values. */
function collectSelfAttributes(body: Node, methodScope: Scope, info: ClassInfo): void {
  const selfName = [...methodScope.bindings].find(([, b]) => b.kind === 'self')?.[0];
  if (!selfName) return;
  forEachDescendant(body, (node) => {
    if (SCOPE_NODES.has(node.type)) return false;
    if (node.type !== 'assignment') return true;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type === 'attribute' && right && left.childForFieldName('object')?.text === selfName) {
      const attr = left.childForFieldName('attribute')?.text;
      if (attr) {
        let list = info.attributes.get(attr);
        if (!list) info.attributes.set(attr, (list = []));
        list.push({ node: right, scope: methodScope });
      }
    }
    return true;
  });
}

/** A `def` or `class` binds its name; a name also bound otherwise is a local we cannot follow. */
export function bindDefinition(scope: Scope, name: string, isClass: boolean): void {
  const previous = scope.bindings.get(name);
  if (previous && previous.kind !== 'def') scope.bindings.set(name, { kind: 'local', values: null });
  else scope.bindings.set(name, { kind: 'def', qualifiedName: `${scope.qualifiedPrefix}${name}`, isClass });
}

/** Assignment targets that list other targets. */
const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'as_pattern_target']);

/** Records the names a scope binds, without entering nested functions or classes. A name bound
 * both by an import and locally counts as local: we cannot tell which one a call sees. */
export function collectBindings(root: Node, scope: Scope, importedModules: string[]): void {
  const bindValue = (name: string, value: Node | null) => {
    const existing = scope.bindings.get(name);
    if (existing?.kind === 'local') {
      if (existing.values && value) existing.values.push({ node: value, scope });
      else existing.values = null;
      return;
    }
    scope.bindings.set(name, { kind: 'local', values: value ? [{ node: value, scope }] : null });
  };
  const bindImport = (name: string, target: string, module: string, imported: string) => {
    const existing = scope.bindings.get(name);
    if (!existing) scope.bindings.set(name, { kind: 'import', target, module, name: imported });
    else if (existing.kind !== 'local' && !(existing.kind === 'import' && existing.target === target)) scope.bindings.set(name, { kind: 'local', values: null });
  };
  /** Binds the names in an assignment target (`a`, `a, (b, *c)`), left to right. */
  const bindTargets = (target: Node | null, value: Node | null) => {
    if (!target) return;
    const pending: Array<[Node, Node | null]> = [[target, value]];
    while (pending.length) {
      const [t, v] = pending.pop()!;
      if (t.type === 'identifier') bindValue(t.text, v);
      else if (TARGET_LISTS.has(t.type)) {
        const single = t.type === 'as_pattern_target' && t.namedChildren.length === 1;
        for (let i = t.namedChildren.length - 1; i >= 0; i--) pending.push([t.namedChildren[i], single ? v : null]);
      }
    }
  };
  /** Binds what `node` binds; true when the statements and expressions in it bind names too. */
  const bindNode = (node: Node): boolean => {
    switch (node.type) {
      case 'import_statement':
        for (const name of node.namedChildren) {
          if (!name) continue;
          if (name.type === 'dotted_name') {
            const top = name.text.split('.')[0];
            importedModules.push(name.text);
            bindImport(top, top, top, '');
          } else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) {
              importedModules.push(real);
              bindImport(alias, real, real, '');
            }
          }
        }
        return false;
      case 'import_from_statement': {
        const moduleName = node.childForFieldName('module_name')?.text;
        if (!moduleName) return false;
        importedModules.push(moduleName);
        const prefix = moduleName.endsWith('.') ? moduleName : `${moduleName}.`;
        for (const name of node.childrenForFieldName('name')) {
          if (!name) continue;
          if (name.type === 'dotted_name') bindImport(name.text, `${prefix}${name.text}`, moduleName, name.text);
          else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) bindImport(alias, `${prefix}${real}`, moduleName, real);
          }
        }
        return false;
      }
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bindDefinition(scope, name.text, node.type === 'class_definition');
        return false;
      }
      case 'lambda':
        return false;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.namedChildren) if (c?.type === 'identifier') (node.type === 'global_statement' ? scope.globals.add(c.text) : bindValue(c.text, null));
        return false;
      case 'assignment': {
        const left = node.childForFieldName('left');
        let right = node.childForFieldName('right');
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        bindTargets(left, left?.type === 'identifier' ? right : null);
        break;
      }
      case 'augmented_assignment':
        bindTargets(node.childForFieldName('left'), null);
        break;
      case 'for_statement':
      case 'for_in_clause':
        bindTargets(node.childForFieldName('left'), null);
        break;
      case 'named_expression':
        bindTargets(node.childForFieldName('name'), node.childForFieldName('value'));
        break;
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const expr = value.namedChildren[0];
          bindTargets(value.childForFieldName('alias'), expr ?? null);
        }
        break;
      }
      case 'as_pattern':
        if (node.parent?.type !== 'with_item') bindTargets(node.childForFieldName('alias'), null);
        break;
      case 'except_clause':
        for (const c of node.namedChildren) if (c?.type === 'as_pattern') bindTargets(c.childForFieldName('alias'), null);
        break;
    }
    return true;
  };
  // An explicit stack, not recursion. A scope's own definitions are bound after everything else
  // in it (so a name also assigned there is a local), as they are pushed below its other children.
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (!bindNode(node)) continue;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i].type === 'function_definition' || children[i].type === 'class_definition') stack.push(children[i]);
    }
    for (let i = children.length - 1; i >= 0; i--) if (!SCOPE_NODES.has(children[i].type)) stack.push(children[i]);
  }
}
