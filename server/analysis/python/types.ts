// What a Python expression is: the type of its value (`requests.Session()` makes a
// `requests.Session`; `self.x` has the type of what the methods assign to it) and what a callee
// names (`s.get` is `requests.Session.get`, `helper` a workspace function). The two are one
// recursion (a call's type is what its callee names; an attribute's callee is found through the
// type of its object), so they live in one class over the file's scopes.
import type { WorkspaceRef } from '../types';
import { PYTHON_CONSTRUCTORS } from './catalogue';
import { lookupBinding, type BoundValue, type ClassInfo, type LeftOut, type Scope } from './scopes';
import type { SyntaxNode as Node } from './syntax';

/** The type of a value: a catalogue type (`requests.Session`) and/or a workspace class. */
export interface ValueType {
  canonical?: string;
  ref?: WorkspaceRef;
  /** The call that made the object, when there is exactly one. */
  origin?: Node;
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

/** Types and callee names in one file, inferred lazily from its bindings. */
export class TypeInference {
  /** Definitions left out of a partial parse whose attributes an inference read. */
  readonly readsDeferred = new Set<string>();
  private readonly inferring = new Set<BoundValue[]>();
  /** How many typeOf and resolveCallee calls are under way, one inside the other. */
  private depth = 0;

  constructor(
    private readonly classInfoByName: Map<string, ClassInfo>,
    private readonly leftOut: LeftOut,
  ) {}

  /** The type all of `values` have, when they agree. */
  typeOfValues(values: BoundValue[] | null | undefined): ValueType | undefined {
    if (!values || this.inferring.has(values)) return undefined;
    this.inferring.add(values);
    try {
      let found: ValueType | undefined;
      for (const v of values) {
        if (v.node.type === 'none') continue;
        const t = this.typeOf(v.node, v.scope);
        if (!t) return undefined;
        if (found && (found.canonical !== t.canonical || found.ref?.name !== t.ref?.name || found.ref?.module !== t.ref?.module)) return undefined;
        found = found ? { ...found, origin: undefined } : t;
      }
      return found;
    } finally {
      this.inferring.delete(values);
    }
  }

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
        if (b.kind === 'local') return this.typeOfValues(b.values);
        return undefined;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        if (!callee) return undefined;
        const r = this.resolveCallee(callee, scope);
        if (!r) return undefined;
        const canonical = r.target ? PYTHON_CONSTRUCTORS[r.target] : undefined;
        if (canonical) return { canonical, origin: node };
        return r.ref ? { ref: r.ref, origin: node } : undefined;
      }
      case 'attribute': {
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute')?.text;
        if (!obj || !attr) return undefined;
        const base = this.typeOf(obj, scope);
        if (base?.ref && !base.ref.module) {
          const info = this.classInfoByName.get(base.ref.name);
          if (info) {
            for (const method of this.leftOut.assignments.get(base.ref.name)?.get(attr) ?? []) this.readsDeferred.add(method);
            return this.typeOfValues(info.attributes.get(attr));
          }
          const head = base.ref.name.split('.')[0];
          if (this.leftOut.names.has(head)) this.readsDeferred.add(head);
        }
        if (base?.canonical === 'pathlib.Path' && (attr === 'parent' || attr === 'stem')) return attr === 'parent' ? base : undefined;
        return undefined;
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const t = left ? this.typeOf(left, scope) : undefined;
        return t?.canonical === 'pathlib.Path' ? t : undefined;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        return value ? this.typeOf(value, scope) : undefined;
      }
      default:
        return undefined;
    }
  }

  private resolveCalleeNode(node: Node, scope: Scope): Resolved | undefined {
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren[0];
      return inner ? this.resolveCallee(inner, scope) : undefined;
    }
    if (node.type === 'identifier') {
      const b = lookupBinding(node.text, scope);
      if (!b) return { target: `builtins.${node.text}` };
      if (b.kind === 'import') return { target: b.target, ref: { module: b.module, name: b.name } };
      if (b.kind === 'def') return { ref: { name: b.qualifiedName } };
      if (b.kind === 'self') return { ref: { name: b.classQualifiedName } };
      return undefined;
    }
    if (node.type === 'attribute') {
      const obj = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute')?.text;
      if (!obj || !attr) return undefined;
      const t = this.typeOf(obj, scope);
      if (t) return { target: t.canonical ? `${t.canonical}.${attr}` : undefined, ref: t.ref ? joinRef(t.ref, attr) : undefined, receiverOrigin: t.origin };
      const base = this.resolveCallee(obj, scope);
      if (!base) return undefined;
      return { target: base.target ? `${base.target}.${attr}` : undefined, ref: base.ref ? joinRef(base.ref, attr) : undefined };
    }
    return undefined;
  }
}

/** What a signature of the module (./memo) records of a type. */
export function typeSignature(t: ValueType | undefined): string {
  if (!t) return '-';
  const origin = t.origin ? `${t.origin.startPosition.row}:${t.origin.startPosition.column}-${t.origin.endPosition.row}:${t.origin.endPosition.column}` : '';
  return `${t.canonical ?? ''}|${t.ref ? `${t.ref.module ?? ''}|${t.ref.module === undefined}|${t.ref.name}` : ''}|${origin}`;
}

function joinRef(ref: WorkspaceRef, attr: string): WorkspaceRef {
  return { module: ref.module, name: ref.name ? `${ref.name}.${attr}` : attr };
}
