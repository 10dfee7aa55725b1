// Python scopes and what names bind: module, function and class scopes as Python's rules make them
// (class bodies invisible from their methods, `global` and `nonlocal`), the bindings of each (imports,
// definitions, `self`, assigned values kept for type inference), and the attributes methods assign
// to `self`. Built once per statement (pass 1 of ./facts) and read by ./types, ./loops and ./calls.
import type { DeferredDefinition } from './parser';
import { MAX_NAMED_NESTING } from '../types';
import { forEachDescendant, type SyntaxNode as Node } from './syntax';

/** A value bound to a name by an assignment, `with ... as`, a parameter, a `for` target or
 * `self.x = ...`, with the scope its expression is evaluated in. Types are inferred from these
 * lazily (./types). */
export interface BoundValue {
  /** The expression whose value is bound; for a parameter or a declaration without a value
   * (`x: T`), the parameter or the target; for a `for` target, the iterated expression. */
  node: Node;
  scope: Scope;
  /** The statement (or parameter, `with` item, `for` loop) that binds the name: where the value
   * starts to hold, for the value a use sees (./types). */
  at: Node;
  /** A declared type: the annotation of the parameter or of `x: T = value`. */
  annotation?: Node;
  /** How the name gets its value from `node`: the caller's argument (`parameter`), a declaration
   * without a value (`declared`), an element of iterating it (`element`), a value of the mapping
   * (`mapping-value`); the value of `node` itself when absent. */
  via?: 'parameter' | 'declared' | 'element' | 'mapping-value';
  /** Where a use sees this value: the types it cannot have there, as written (`str` past
   * `if isinstance(p, str): p = Path(p)`, whose body binds the name again). Set by ./types. */
  ruledOut?: string[];
}

export type Binding =
  | { kind: 'import'; target: string; module: string; name: string }
  /** `node`: the definition, with the scope it is made in (absent when a partial parse left it out). */
  | { kind: 'def'; qualifiedName: string; isClass: boolean; node?: Node; scope?: Scope }
  /** `self`/`cls`: the first parameter of a method. */
  | { kind: 'self'; classQualifiedName: string }
  /** A local variable; `values` null when something we cannot follow binds it (a parameter, a loop). */
  | { kind: 'local'; values: BoundValue[] | null };

export interface ClassInfo {
  qualifiedName: string;
  /** `self.name = value` assignments in the class's methods, and `name: T` declarations. */
  attributes: Map<string, BoundValue[]>;
  /** Functions of the class body used as decorators there: plain functions called while the class
   * is made, not methods (their first parameter is the decorated function, not `self`). */
  decorators?: Set<string>;
  /** The class's bases as written (`(Base, metaclass=M)`). */
  superclasses?: Node;
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
      if (params) {
        const isMethod = !!outer.classInfo && child.type === 'function_definition' && !isStaticMethod(child) && !outer.classInfo.decorators?.has(name);
        bindParameters(params, inner, isMethod ? outer.classInfo!.qualifiedName : undefined);
      }
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
        classInfo: { qualifiedName, attributes: new Map(), superclasses: child.childForFieldName('superclasses') ?? undefined },
      };
      made.push([child.id, inner]);
      const supers = child.childForFieldName('superclasses');
      const body = child.childForFieldName('body');
      if (body) {
        enterChildren(body, inner);
        // Before the body's definitions are entered: a method's `self` depends on the decorators.
        stack.push(() => {
          collectBindings(body, inner, imports);
          collectDeclaredAttributes(body, inner, inner.classInfo!);
          inner.classInfo!.decorators = decoratorsUsedIn(body);
        });
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

/** Names used as decorators (`@name`, `@name(...)`) on the definitions of a class body. */
function decoratorsUsedIn(body: Node): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const stmt of body.namedChildren) {
    if (stmt?.type !== 'decorated_definition') continue;
    for (const d of stmt.namedChildren) {
      const m = d?.type === 'decorator' ? /^@\s*([A-Za-z_]\w*)\s*(\(|$)/.exec(d.text) : null;
      if (m) (names ??= new Set()).add(m[1]);
    }
  }
  return names;
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
    else {
      const annotation = p.childForFieldName('type') ?? undefined;
      scope.bindings.set(id.text, { kind: 'local', values: [{ node: p, scope, at: p, annotation, via: 'parameter' }] });
    }
    first = false;
  }
}

/** `self.x = value` (or `self.x: T = value`) in a method: the attribute's possible values. */
function collectSelfAttributes(body: Node, methodScope: Scope, info: ClassInfo): void {
  const selfName = [...methodScope.bindings].find(([, b]) => b.kind === 'self')?.[0];
  if (!selfName) return;
  forEachDescendant(body, (node) => {
    if (SCOPE_NODES.has(node.type)) return false;
    if (node.type !== 'assignment') return true;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const annotation = node.childForFieldName('type') ?? undefined;
    if (left?.type === 'attribute' && (right || annotation) && left.childForFieldName('object')?.text === selfName) {
      const attr = left.childForFieldName('attribute')?.text;
      if (attr) addAttribute(info, attr, { node: right ?? left, scope: methodScope, at: node, annotation, via: right ? undefined : 'declared' });
    }
    return true;
  });
}

function addAttribute(info: ClassInfo, attr: string, value: BoundValue): void {
  let list = info.attributes.get(attr);
  if (!list) info.attributes.set(attr, (list = []));
  list.push(value);
}

/** `name: T` (with or without a value) in a class body declares the type of the instances'
 * attribute (dataclass fields, declared attributes). */
function collectDeclaredAttributes(body: Node, classScope: Scope, info: ClassInfo): void {
  for (const stmt of body.namedChildren) {
    const assignment = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    const annotation = assignment?.type === 'assignment' ? assignment.childForFieldName('type') : undefined;
    const left = assignment?.childForFieldName('left');
    if (!assignment || !annotation || left?.type !== 'identifier') continue;
    addAttribute(info, left.text, { node: left, scope: classScope, at: assignment, annotation, via: 'declared' });
  }
}

/** A `def` or `class` binds its name; a name also bound otherwise is a local we cannot follow. */
export function bindDefinition(scope: Scope, name: string, isClass: boolean, node?: Node): void {
  const previous = scope.bindings.get(name);
  if (previous && previous.kind !== 'def') scope.bindings.set(name, { kind: 'local', values: null });
  else scope.bindings.set(name, { kind: 'def', qualifiedName: `${scope.qualifiedPrefix}${name}`, isClass, ...(node ? { node, scope } : {}) });
}

/** Assignment targets that list other targets. */
const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'as_pattern_target']);

/** Records the names a scope binds, without entering nested functions or classes. A name bound
 * both by an import and locally counts as local: we cannot tell which one a call sees. */
export function collectBindings(root: Node, scope: Scope, importedModules: string[]): void {
  /** Binds `name` to `value`, or to something we cannot follow (null). */
  const bindValue = (name: string, value: Omit<BoundValue, 'scope'> | null) => {
    const existing = scope.bindings.get(name);
    if (existing?.kind === 'local') {
      if (existing.values && value) existing.values.push({ ...value, scope });
      else existing.values = null;
      return;
    }
    scope.bindings.set(name, { kind: 'local', values: value ? [{ ...value, scope }] : null });
  };
  const bindImport = (name: string, target: string, module: string, imported: string) => {
    const existing = scope.bindings.get(name);
    if (!existing) scope.bindings.set(name, { kind: 'import', target, module, name: imported });
    else if (existing.kind !== 'local' && !(existing.kind === 'import' && existing.target === target)) scope.bindings.set(name, { kind: 'local', values: null });
  };
  /** Binds the names of `target` to `value` (null: to something we cannot follow), left to
   * right. A tuple of targets takes a tuple of as many values item by item (`a, b = Path(x),
   * Path(y)`). */
  const bindTargets = (target: Node | null, value: Omit<BoundValue, 'scope'> | null) => {
    if (!target) return;
    const pending: Array<[Node, Omit<BoundValue, 'scope'> | null]> = [[target, value]];
    while (pending.length) {
      const [t, v] = pending.pop()!;
      if (t.type === 'identifier') bindValue(t.text, v);
      else if (TARGET_LISTS.has(t.type)) {
        const single = t.type === 'as_pattern_target' && t.namedChildren.length === 1;
        const items = single || !v || v.via ? undefined : itemsOf(v.node, t.namedChildren.length);
        for (let i = t.namedChildren.length - 1; i >= 0; i--) pending.push([t.namedChildren[i], single ? v : items && v ? { ...v, node: items[i] } : null]);
      }
    }
  };
  /** What each target of `for targets in iterable` is an element of. */
  const bindLoopTargets = (loop: Node) => {
    const left = loop.childForFieldName('left');
    const right = loop.childForFieldName('right');
    if (!left || !right) return;
    if (left.type === 'identifier') return bindValue(left.text, { node: right, at: loop, via: 'element' });
    const targets = left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern' ? left.namedChildren.filter((c): c is Node => !!c) : [];
    const sources = targets.length === 2 ? pairSources(right) : undefined;
    if (!sources) return bindTargets(left, null);
    targets.forEach((t, i) => bindTargets(t, sources[i] ? { ...sources[i]!, at: loop } : null));
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
          // `from pkg import helpers` may import the module pkg/helpers.py: listed too, so a change
          // there re-checks this file (a name that is no module names no file).
          if (name.type === 'dotted_name') {
            bindImport(name.text, `${prefix}${name.text}`, moduleName, name.text);
            importedModules.push(`${prefix}${name.text}`);
          } else if (name.type === 'aliased_import') {
            const real = name.childForFieldName('name')?.text;
            const alias = name.childForFieldName('alias')?.text;
            if (real && alias) {
              bindImport(alias, `${prefix}${real}`, moduleName, real);
              importedModules.push(`${prefix}${real}`);
            }
          }
        }
        return false;
      }
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) bindDefinition(scope, name.text, node.type === 'class_definition', node);
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
        const annotation = node.childForFieldName('type') ?? undefined;
        if (left?.type === 'identifier' && !right && annotation) bindValue(left.text, { node: left, at: node, annotation, via: 'declared' });
        else bindTargets(left, right ? { node: right, at: node, annotation } : null);
        break;
      }
      case 'augmented_assignment':
        bindTargets(node.childForFieldName('left'), null);
        break;
      case 'for_statement':
      case 'for_in_clause':
        bindLoopTargets(node);
        break;
      case 'named_expression': {
        const value = node.childForFieldName('value');
        bindTargets(node.childForFieldName('name'), value ? { node: value, at: node } : null);
        break;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type === 'as_pattern') {
          const expr = value.namedChildren[0];
          bindTargets(value.childForFieldName('alias'), expr ? { node: expr, at: node } : null);
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

/** The `count` items of a tuple or list display (`Path(a), Path(b)`), none when it has another
 * length or unpacks something (`*rest`). */
function itemsOf(value: Node, count: number): Node[] | undefined {
  let v = value;
  while (v.type === 'parenthesized_expression' && v.namedChildren[0]) v = v.namedChildren[0];
  if (!['tuple', 'expression_list', 'list', 'pattern_list'].includes(v.type)) return undefined;
  const items = v.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  return items.length === count && !items.some((c) => c.type === 'list_splat') ? items : undefined;
}

/** What the two targets of `for a, b in ...` are: `enumerate(xs)` (an index, an element of xs),
 * `zip(xs, ys)` (elements of each), `d.items()` (a key, a value of d). */
function pairSources(iterable: Node): Array<Omit<BoundValue, 'scope' | 'at'> | undefined> | undefined {
  if (iterable.type !== 'call') return undefined;
  const fn = iterable.childForFieldName('function');
  const args = (iterable.childForFieldName('arguments')?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== 'keyword_argument' && c.type !== 'comment');
  if (fn?.type === 'identifier' && fn.text === 'enumerate' && args[0]) return [undefined, { node: args[0], via: 'element' }];
  if (fn?.type === 'identifier' && fn.text === 'zip' && args.length === 2) return args.map((a) => ({ node: a, via: 'element' as const }));
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
  if (object && fn?.childForFieldName('attribute')?.text === 'items' && args.length === 0) return [undefined, { node: object, via: 'mapping-value' }];
  return undefined;
}
