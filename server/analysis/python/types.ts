// What a Python expression is: the type of its value (`requests.Session()` makes a
// `requests.Session`; `self.x` has the type of what the methods assign to it or the class
// declares; a parameter `client: httpx.Client` is one) and what a callee names (`s.get` is
// `requests.Session.get`, `helper` a workspace function). The two are one recursion (a call's type
// is what its callee names or its return annotation says; an attribute's callee is found through
// the type of its object), so they live in one class over the file's scopes. Annotations are read
// by ./annotations.
import type { WorkspaceRef } from '../types';
import { annotationType } from './annotations';
import { lookupPythonBlocking, PYTHON_CONSTRUCTORS, PYTHON_ITERABLES, SERVING_CALLS } from './catalogue';
import { containsYield } from './loops';
import { lookupBinding, type Binding, type BoundValue, type LeftOut, type Scope } from './scopes';
import type { SyntaxNode as Node } from './syntax';

/** The type of a value: a catalogue type (`requests.Session`) and/or a workspace class, or a
 * collection of values of a type. */
export interface ValueType {
  canonical?: string;
  ref?: WorkspaceRef;
  /** The call that made the object, when there is exactly one. */
  origin?: Node;
  /** A collection: what iterating it (or indexing a sequence) gives. */
  element?: ValueType;
  /** A mapping: what `d[k]`, `d.get(k)` and `d.values()` give. */
  value?: ValueType;
  /** Catalogue types the value may have, one per branch that binds it (`site = web.UnixSite(...)`
   * in one, `web.TCPSite(...)` in another), when they differ: a method call on it names a target
   * only when every type's method means the same (see resolveAttribute). */
  alternatives?: string[];
}

/** What a callee expression names. */
export interface Resolved {
  target?: string;
  ref?: WorkspaceRef;
  /** For a method call on an object: the call that made the object. */
  receiverOrigin?: Node;
}

/** How deep the inference follows an expression (`a.b.c`, `p / "x" / "y"`) and names bound to
 * other names, counted together: deeper, a type or callee is unknown (as for any expression the
 * inference cannot follow) instead of a stack overflow on generated code. Hand-written code stays
 * far below it. */
const MAX_INFERENCE_DEPTH = 100;

/** Methods of a mapping that return one of its values, and of any collection that return one of
 * its elements. */
const MAPPING_VALUE_METHODS = new Set(['get', 'pop', 'setdefault']);
const ELEMENT_METHODS = new Set(['pop', 'popleft']);

/** Types and callee names in one file, inferred lazily from its bindings. */
export class TypeInference {
  /** Definitions left out of a partial parse whose attributes an inference read. */
  readonly readsDeferred = new Set<string>();
  private readonly inferring = new Set<BoundValue[] | BoundValue>();
  /** How many typeOf and resolveCallee calls are under way, one inside the other. */
  private depth = 0;

  constructor(
    private readonly classScopes: Map<string, Scope>,
    private readonly leftOut: LeftOut,
  ) {}

  /** The type all of `values` have, when they agree; when they are different types of the
   * catalogue, those types as alternatives. Declared types (annotations) win over the values
   * assigned, as for a type checker. */
  typeOfValues(values: BoundValue[] | null | undefined): ValueType | undefined {
    if (!values || this.inferring.has(values)) return undefined;
    this.inferring.add(values);
    try {
      const declared = values.filter((v) => v.annotation);
      let found: ValueType | undefined;
      // Types of the catalogue only (not workspace classes or collections): the branches' types.
      const canonicals = new Set<string>();
      let onlyCatalogueTypes = true;
      let disagree = false;
      for (const v of declared.length ? declared : values) {
        if (v.node.type === 'none') continue;
        const t = this.typeOfValue(v);
        if (!t) return undefined;
        if (t.canonical && !t.ref && !t.element && !t.value) canonicals.add(t.canonical);
        else onlyCatalogueTypes = false;
        if (found && !sameType(found, t)) disagree = true;
        found = found ? { ...found, origin: undefined } : t;
      }
      if (!disagree) return found;
      return onlyCatalogueTypes && canonicals.size > 1 ? { alternatives: [...canonicals].sort() } : undefined;
    } finally {
      this.inferring.delete(values);
    }
  }

  /** The type of one bound value. */
  private typeOfValue(v: BoundValue): ValueType | undefined {
    if (this.inferring.has(v)) return undefined;
    this.inferring.add(v);
    try {
      if (v.annotation) {
        const declared = annotationType(v.annotation, v.scope, this.typeResolver, v.ruledOut);
        // `q: "queue.Queue[Any]" = queue.Queue()`: the value says more (which call made it).
        const actual = declared && !v.via ? this.typeOf(v.node, v.scope) : undefined;
        return actual && declared && sameType(actual, declared) ? actual : declared;
      }
      switch (v.via) {
        case 'parameter':
        case 'declared':
          return undefined;
        case 'element':
          return this.typeOf(v.node, v.scope)?.element;
        case 'mapping-value':
          return this.typeOf(v.node, v.scope)?.value;
        default:
          return this.typeOf(v.node, v.scope);
      }
    } finally {
      this.inferring.delete(v);
    }
  }

  /** How ./annotations turns a dotted name into what it names. */
  private readonly typeResolver = (dotted: string, scope: Scope): Resolved | undefined => {
    const [head, ...rest] = dotted.split('.');
    const base = this.resolveName(head, scope);
    if (!base) return undefined;
    return rest.reduce<Resolved>((r, attr) => ({ target: r.target ? `${r.target}.${attr}` : undefined, ref: r.ref ? joinRef(r.ref, attr) : undefined }), base);
  };

  /** The instance type of an expression's value, when known. */
  typeOf(node: Node, scope: Scope): ValueType | undefined {
    return this.deeper(() => this.typeOfNode(node, scope));
  }

  /** What a callee expression names: a canonical dotted name and/or a workspace reference. */
  resolveCallee(node: Node, scope: Scope): Resolved | undefined {
    return this.deeper(() => this.resolveCalleeNode(node, scope));
  }

  /** Infers one level deeper, or gives up (unknown) past MAX_INFERENCE_DEPTH. */
  private deeper<T>(infer: () => T | undefined): T | undefined {
    if (this.depth >= MAX_INFERENCE_DEPTH) return undefined;
    this.depth++;
    try {
      return infer();
    } finally {
      this.depth--;
    }
  }

  private typeOfNode(node: Node, scope: Scope): ValueType | undefined {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.typeOf(inner, scope) : undefined;
      }
      case 'identifier': {
        const b = lookupBinding(node.text, scope);
        if (!b) return undefined;
        if (b.kind === 'self') return { ref: { name: b.classQualifiedName } };
        if (b.kind === 'local' && b.values) {
          const reaching = reachingValues(node, b.values, scope);
          return reaching ? this.typeOfValues(reaching) : this.typeOfValues(b.values);
        }
        return undefined;
      }
      case 'call':
        return this.typeOfCall(node, scope);
      case 'attribute': {
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute')?.text;
        if (!obj || !attr) return undefined;
        const base = this.typeOf(obj, scope);
        if (base?.ref && !base.ref.module) {
          const info = this.classScopes.get(base.ref.name)?.classInfo;
          if (info) {
            for (const method of this.leftOut.assignments.get(base.ref.name)?.get(attr) ?? []) this.readsDeferred.add(method);
            return this.typeOfValues(info.attributes.get(attr));
          }
          const head = base.ref.name.split('.')[0];
          if (this.leftOut.names.has(head)) this.readsDeferred.add(head);
        }
        // `path.parent` is a path; so is every path attribute the catalogue lists.
        if (base?.canonical) {
          const made = PYTHON_CONSTRUCTORS[`${base.canonical}.${attr}`];
          if (made && isAttributeValue(base.canonical, attr)) return { canonical: made };
        }
        return undefined;
      }
      case 'binary_operator': {
        // `root / "data"` is a path.
        const left = node.childForFieldName('left');
        const t = left ? this.typeOf(left, scope) : undefined;
        return t?.canonical === 'pathlib.Path' && node.childForFieldName('operator')?.text === '/' ? { canonical: t.canonical } : undefined;
      }
      case 'subscript': {
        const value = node.childForFieldName('value');
        const index = node.childForFieldName('subscript');
        if (!value || index?.type === 'slice') return undefined;
        const t = this.typeOf(value, scope);
        return t?.value ?? t?.element;
      }
      case 'list':
      case 'tuple':
      case 'set': {
        const items = node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
        if (!items.length || items.some((c) => c.type === 'list_splat')) return undefined;
        let element: ValueType | undefined;
        for (const item of items) {
          const t = this.typeOf(item, scope);
          if (!t || (element && !sameType(element, t))) return undefined;
          element = element ? { ...element, origin: undefined } : t;
        }
        return { element };
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        return value ? this.typeOf(value, scope) : undefined;
      }
      default:
        return undefined;
    }
  }

  private typeOfCall(node: Node, scope: Scope): ValueType | undefined {
    const callee = node.childForFieldName('function');
    if (!callee) return undefined;
    // Methods of collections: `d.get(k)` is one of d's values, `paths.pop()` one of its elements.
    let objectType: { type: ValueType | undefined } | undefined;
    if (callee.type === 'attribute') {
      const method = callee.childForFieldName('attribute')?.text ?? '';
      const object = callee.childForFieldName('object');
      const collection = object ? this.typeOf(object, scope) : undefined;
      objectType = { type: collection };
      if (collection?.value && MAPPING_VALUE_METHODS.has(method)) return collection.value;
      if (collection?.value && method === 'values') return { element: collection.value };
      if (collection?.element && !collection.value && ELEMENT_METHODS.has(method)) return collection.element;
    }
    const r = objectType ? this.deeper(() => this.resolveAttribute(callee, scope, objectType)) : this.resolveCallee(callee, scope);
    if (!r) return undefined;
    const canonical = r.target ? PYTHON_CONSTRUCTORS[r.target] : undefined;
    if (canonical) return { canonical, origin: node };
    const iterated = r.target ? PYTHON_ITERABLES[r.target] : undefined;
    if (iterated) return { element: { canonical: iterated } };
    const returned = this.returnTypeOf(callee, r, scope);
    if (returned) return returned;
    return r.ref ? { ref: r.ref, origin: node } : undefined;
  }

  /** The values assigned to a local name or to an attribute of `self` (`self.task = ...` in any
   * method of the class), when every one is known; declarations without a value left out. */
  assignedValues(node: Node, scope: Scope): BoundValue[] | undefined {
    let values: BoundValue[] | null | undefined;
    if (node.type === 'identifier') {
      const b = lookupBinding(node.text, scope);
      values = b?.kind === 'local' ? b.values : undefined;
    } else if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const b = obj?.type === 'identifier' ? lookupBinding(obj.text, scope) : undefined;
      const attr = node.childForFieldName('attribute')?.text;
      if (b?.kind === 'self' && attr && !this.leftOut.assignments.get(b.classQualifiedName)?.get(attr)?.length) values = this.classScopes.get(b.classQualifiedName)?.classInfo?.attributes.get(attr);
    }
    const assigned = values?.filter((v) => v.via !== 'declared');
    return assigned?.length && assigned.every((v) => !v.via) ? assigned : undefined;
  }

  /** The `def` of this file a callee names (`helper`, `self.load`), when it was parsed. */
  definitionOf(callee: Node, scope: Scope): Node | undefined {
    const r = this.resolveCallee(callee, scope);
    const binding = r ? this.definitionBinding(callee, r, scope) : undefined;
    return binding?.kind === 'def' && !binding.isClass ? binding.node : undefined;
  }

  private definitionBinding(callee: Node, r: Resolved, scope: Scope): Binding | undefined {
    if (!r.ref || r.ref.module !== undefined) return undefined;
    if (callee.type === 'identifier') return lookupBinding(callee.text, scope);
    const dot = r.ref.name.lastIndexOf('.');
    return dot > 0 ? this.classScopes.get(r.ref.name.slice(0, dot))?.bindings.get(r.ref.name.slice(dot + 1)) : undefined;
  }

  /** The return annotation of a sync function of this file the callee names (`-> httpx.Client`). */
  private returnTypeOf(callee: Node, r: Resolved, scope: Scope): ValueType | undefined {
    const binding = this.definitionBinding(callee, r, scope);
    if (binding?.kind !== 'def' || binding.isClass) return undefined;
    if (!binding.node || !binding.scope) {
      if (this.leftOut.names.has(binding.qualifiedName)) this.readsDeferred.add(binding.qualifiedName);
      return undefined;
    }
    const def = binding.node;
    const returns = def.childForFieldName('return_type');
    const body = def.childForFieldName('body');
    // Calling an async function or a generator does not run it: its result is not the annotation's type.
    if (!returns || def.children.some((c) => c?.type === 'async') || (body && containsYield(body))) return undefined;
    return annotationType(returns, binding.scope, this.typeResolver);
  }

  /** What a bare name names: an import, a definition of the workspace, or a builtin. */
  private resolveName(name: string, scope: Scope): Resolved | undefined {
    const b = lookupBinding(name, scope);
    if (!b) return { target: `builtins.${name}` };
    if (b.kind === 'import') return { target: b.target, ref: { module: b.module, name: b.name } };
    if (b.kind === 'def') return { ref: { name: b.qualifiedName } };
    if (b.kind === 'self') return { ref: { name: b.classQualifiedName } };
    return undefined;
  }

  private resolveCalleeNode(node: Node, scope: Scope): Resolved | undefined {
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren[0];
      return inner ? this.resolveCallee(inner, scope) : undefined;
    }
    if (node.type === 'identifier') return this.resolveName(node.text, scope);
    if (node.type === 'attribute') return this.resolveAttribute(node, scope);
    return undefined;
  }

  /** `obj.attr` as a callee; `objectType`: the type of `obj` when the caller has inferred it
   * already (inferring it again in each of a chain's calls, `q.m().m()...`, doubles the work per
   * call). */
  private resolveAttribute(node: Node, scope: Scope, objectType?: { type: ValueType | undefined }): Resolved | undefined {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!obj || !attr) return undefined;
    const t = objectType ? objectType.type : this.typeOf(obj, scope);
    if (t?.alternatives) {
      const targets = t.alternatives.map((type) => `${type}.${attr}`);
      return sameMeaning(targets) ? { target: targets[0] } : undefined;
    }
    if (t && (t.canonical || t.ref)) return { target: t.canonical ? `${t.canonical}.${attr}` : undefined, ref: t.ref ? joinRef(t.ref, attr) : undefined, receiverOrigin: t.origin };
    if (t) return undefined;
    const base = this.resolveCallee(obj, scope);
    if (!base) return undefined;
    return { target: base.target ? `${base.target}.${attr}` : undefined, ref: base.ref ? joinRef(base.ref, attr) : undefined };
  }
}

/** Library calls that mean the same to the rules: each starts a server, or each blocks with the
 * same code. */
function sameMeaning(targets: string[]): boolean {
  const meaning = (target: string) => (SERVING_CALLS.some((p) => p.test(target)) ? 'serves' : lookupPythonBlocking(target)?.code);
  const first = meaning(targets[0]);
  return first !== undefined && targets.every((t) => meaning(t) === first);
}

/** Attributes (not methods) whose value the catalogue types: `Path.parent`. */
function isAttributeValue(type: string, attr: string): boolean {
  return type === 'pathlib.Path' && attr === 'parent';
}

function sameType(a: ValueType, b: ValueType): boolean {
  return typeSignature({ ...a, origin: undefined }) === typeSignature({ ...b, origin: undefined });
}

/** The values a use of a name may see when the code says which: the last binding of the name
 * before the use in the same function that holds on every path to the use (it is in a block
 * around the use), with the bindings after it in branches the use is not in (`if c: p = x` then
 * `p.exists()`: either); undefined when a binding after the use may reach it (in a loop around
 * both). `p = Path(p)` then makes `p.exists()` a path query although the parameter `p` is not a
 * path; `if a: f = x.resolve() else: f = y.resolve()` makes `f` a path when both are. */
function reachingValues(use: Node, values: BoundValue[], scope: Scope): BoundValue[] | undefined {
  // Bindings of the function the use is in (not of an enclosing one: a closure sees them later).
  if (!values.some((v) => v.scope === scope)) return undefined;
  const before: Array<{ value: BoundValue; after: number; within: Node }> = [];
  for (const value of values) {
    const region = regionOf(value);
    if (!region) return undefined;
    if (region.after <= use.startIndex) before.push({ value, ...region });
    // A binding after the use, inside a loop around the use, may reach it on the next pass.
    else if (loopAround(use, value.at)) return undefined;
  }
  before.sort((a, b) => b.after - a.after);
  const reaching: BoundValue[] = [];
  // Past `if isinstance(name, T): name = ...` (no else), a value bound before the `if` is not a T.
  const ruledOut: string[] = [];
  for (const b of before) {
    reaching.push(ruledOut.length ? { ...b.value, ruledOut: [...ruledOut] } : b.value);
    if (b.within.startIndex <= use.startIndex && use.endIndex <= b.within.endIndex) return reaching;
    ruledOut.push(...isinstanceRebinding(b.within, use.text));
  }
  // No binding holds on every path: a path without one would not reach the use (the name would be
  // unbound there), unless the name is bound in an enclosing scope too.
  return reaching.length && reaching.length === values.length ? reaching : undefined;
}

/** The types `if isinstance(name, T)` tests when `block` is that `if`'s only branch (no `elif` or
 * `else`): `T`, or each name of a tuple `(str, bytes)`. */
function isinstanceRebinding(block: Node, name: string): string[] {
  const statement = block.parent;
  if (statement?.type !== 'if_statement' || statement.childForFieldName('consequence') !== block || statement.childForFieldName('alternative')) return [];
  const test = statement.childForFieldName('condition');
  if (test?.type !== 'call' || test.childForFieldName('function')?.text !== 'isinstance') return [];
  const [subject, types] = test.childForFieldName('arguments')?.namedChildren ?? [];
  if (subject?.type !== 'identifier' || subject.text !== name || !types) return [];
  const names = types.type === 'tuple' ? types.namedChildren : [types];
  return names.every((n) => n?.type === 'identifier' || n?.type === 'attribute') ? names.map((n) => n!.text) : [];
}

/** Where a bound value holds: from `after` (an offset) on, inside `within`. */
function regionOf(v: BoundValue): { after: number; within: Node } | undefined {
  const at = v.at;
  if (v.via === 'parameter') {
    const body = at.parent?.parent?.childForFieldName('body');
    return body ? { after: at.endIndex, within: body } : undefined;
  }
  if (at.type === 'for_statement') {
    const body = at.childForFieldName('body');
    return body ? { after: body.startIndex, within: body } : undefined;
  }
  // A comprehension's element expression comes before its `for` clause.
  if (at.type === 'for_in_clause') return at.parent ? { after: at.parent.startIndex, within: at.parent } : undefined;
  let block = enclosingBlock(at);
  // A binding in a `with` body, or in a `try` body whose handlers all leave, holds after it too.
  for (let outer = block?.parent; block && outer && (outer.type === 'with_statement' || (outer.type === 'try_statement' && handlersLeave(outer))); outer = block?.parent) {
    if (outer.childForFieldName('body') !== block) break;
    block = enclosingBlock(outer);
  }
  return block ? { after: at.endIndex, within: block } : undefined;
}

function enclosingBlock(node: Node): Node | undefined {
  let block = node.parent;
  while (block && block.type !== 'block' && block.type !== 'module') block = block.parent;
  return block ?? undefined;
}

/** Every `except` of a `try` ends by leaving (raise, return, continue, break): after the
 * statement, its body ran to the end. */
function handlersLeave(tryStatement: Node): boolean {
  return tryStatement.namedChildren.every((c) => {
    if (c?.type !== 'except_clause' && c?.type !== 'except_group_clause') return true;
    const body = c.namedChildren.find((x) => x?.type === 'block');
    const last = body?.namedChildren[body.namedChildren.length - 1];
    return !!last && ['raise_statement', 'return_statement', 'continue_statement', 'break_statement'].includes(last.type);
  });
}

/** A `for` or `while` loop contains both nodes. */
function loopAround(a: Node, b: Node): boolean {
  for (let n = a.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return false;
    if ((n.type === 'for_statement' || n.type === 'while_statement') && n.startIndex <= b.startIndex && b.endIndex <= n.endIndex) return true;
  }
  return false;
}

/** What a signature of the module (./memo) records of a type. */
export function typeSignature(t: ValueType | undefined): string {
  if (!t) return '-';
  const origin = t.origin ? `${t.origin.startPosition.row}:${t.origin.startPosition.column}-${t.origin.endPosition.row}:${t.origin.endPosition.column}` : '';
  const inner = t.element || t.value ? `[${typeSignature(t.element)};${typeSignature(t.value)}]` : '';
  return `${t.canonical ?? t.alternatives?.join('/') ?? ''}|${t.ref ? `${t.ref.module ?? ''}|${t.ref.module === undefined}|${t.ref.name}` : ''}|${origin}${inner}`;
}

function joinRef(ref: WorkspaceRef, attr: string): WorkspaceRef {
  return { module: ref.module, name: ref.name ? `${ref.name}.${attr}` : attr };
}
