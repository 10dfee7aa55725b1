// The types Python code declares: a parameter or variable annotation (`client: httpx.Client`), a
// return annotation, a class-level declaration. Annotations are read into one small shape whether
// they are code or a string (`"httpx.Client"`, `"Optional[Path]"`), then resolved: `Optional[X]`,
// `X | None`, `Union[X, None]`, `Annotated[X, ...]` are X; `list[X]` and friends are collections
// of X; `dict[K, V]` maps to V; a catalogue class is its instance type; a workspace class is a
// reference to it. What no rule can use (`str`, `int`, a union of two types) is unknown.
import { PYTHON_ANNOTATION_TYPES } from './catalogue';
import type { Scope } from './scopes';
import type { SyntaxNode as Node } from './syntax';
import type { Resolved, ValueType } from './types';

/** An annotation as written: a dotted name with subscript arguments, `None`, or a union. */
type TypeExpression = { name: string; args: TypeExpression[] } | { union: TypeExpression[] } | { none: true };

/** Resolves a dotted name as code in `scope` would. */
export type NameResolver = (dotted: string, scope: Scope) => Resolved | undefined;

/** The type of the values an annotation declares, when a rule can use it. `ruledOut`: members of
 * a union the value cannot have where it is used (`str` after `if isinstance(p, str): p = Path(p)`),
 * as dotted names written in the code. */
export function annotationType(annotation: Node, scope: Scope, resolve: NameResolver, ruledOut: readonly string[] = []): ValueType | undefined {
  const expression = fromNode(annotation);
  if (!expression) return undefined;
  const key = (name: string) => resolve(name, scope)?.target ?? name;
  const excluded = new Set(ruledOut.map(key));
  const kept = (members: TypeExpression[]) => members.filter((m) => !('name' in m && m.args.length === 0 && excluded.has(key(m.name))));
  return typeOfExpression(expression, scope, resolve, 0, excluded.size ? kept : undefined);
}

/** Drops the members of a union a value cannot have at a use. */
type UnionFilter = (members: TypeExpression[]) => TypeExpression[];

const WRAPPERS = new Set(['Optional', 'Annotated', 'Final', 'ClassVar', 'Required', 'NotRequired', 'ReadOnly']);
const SEQUENCES = new Set([
  'list', 'List', 'Sequence', 'MutableSequence', 'Iterable', 'Iterator', 'Collection', 'Reversible', 'Container',
  'set', 'Set', 'MutableSet', 'AbstractSet', 'frozenset', 'FrozenSet', 'tuple', 'Tuple', 'deque', 'Deque', 'Generator',
]);
const MAPPINGS = new Set(['dict', 'Dict', 'Mapping', 'MutableMapping', 'defaultdict', 'DefaultDict', 'OrderedDict', 'ChainMap']);
/** Where the typing names above come from (a local class named `List` is not typing's). */
const TYPING_MODULES = /^(builtins|typing|typing_extensions|collections|collections\.abc)\.[A-Za-z]+$/;

function typeOfExpression(e: TypeExpression, scope: Scope, resolve: NameResolver, depth: number, filter?: UnionFilter): ValueType | undefined {
  if (depth > 8 || 'none' in e) return undefined;
  if ('union' in e) return agreeing(filter ? filter(e.union) : e.union, scope, resolve, depth);
  const resolved = resolve(e.name, scope);
  const target = resolved?.target;
  const typingName = target && TYPING_MODULES.test(target) ? target.slice(target.lastIndexOf('.') + 1) : undefined;
  if (typingName === 'Union') return agreeing(filter ? filter(e.args) : e.args, scope, resolve, depth);
  if (typingName && WRAPPERS.has(typingName)) return e.args[0] ? typeOfExpression(e.args[0], scope, resolve, depth + 1, filter) : undefined;
  if (typingName && SEQUENCES.has(typingName)) {
    // `tuple[Path, ...]`: the ellipsis repeats the first.
    const items = e.args.filter((a) => !('name' in a && a.name === '...'));
    const element = items.length ? agreeing(items, scope, resolve, depth) : undefined;
    return element ? { element } : undefined;
  }
  if (typingName && MAPPINGS.has(typingName)) {
    const [key, value] = e.args;
    const k = key ? typeOfExpression(key, scope, resolve, depth + 1) : undefined;
    const v = value ? typeOfExpression(value, scope, resolve, depth + 1) : undefined;
    return k || v ? { element: k, value: v } : undefined;
  }
  if (target && PYTHON_ANNOTATION_TYPES[target]) return { canonical: PYTHON_ANNOTATION_TYPES[target] };
  // A class of the workspace (its methods are found through the call graph).
  if (resolved?.ref && !resolved.target && e.args.length === 0) return { ref: resolved.ref };
  if (resolved?.ref && resolved.ref.module !== undefined && e.args.length === 0 && !typingName) return { ref: resolved.ref };
  return undefined;
}

/** The one type the non-`None` members of a union have, or undefined when they differ. */
function agreeing(members: TypeExpression[], scope: Scope, resolve: NameResolver, depth: number): ValueType | undefined {
  let found: ValueType | undefined;
  let foundKey: string | undefined;
  for (const m of members) {
    if ('none' in m) continue;
    const t = typeOfExpression(m, scope, resolve, depth + 1);
    if (!t) return undefined;
    const key = JSON.stringify({ ...t, origin: undefined });
    if (foundKey !== undefined && key !== foundKey) return undefined;
    found = t;
    foundKey = key;
  }
  return found;
}

/** An annotation node as a TypeExpression. */
function fromNode(node: Node): TypeExpression | undefined {
  switch (node.type) {
    case 'type':
    case 'parenthesized_expression':
      return node.namedChildren[0] ? fromNode(node.namedChildren[0]) : undefined;
    case 'none':
      return { none: true };
    case 'identifier':
    case 'attribute':
      return /^[A-Za-z_][\w.]*$/.test(node.text) ? { name: node.text, args: [] } : undefined;
    case 'ellipsis':
      return { name: '...', args: [] };
    case 'generic_type': {
      const [head, params] = node.namedChildren;
      const base = head ? fromNode(head) : undefined;
      if (!base || !('name' in base)) return undefined;
      return { name: base.name, args: (params?.namedChildren ?? []).map((p) => (p ? fromNode(p) : undefined)).filter((a): a is TypeExpression => !!a) };
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      const base = value ? fromNode(value) : undefined;
      if (!base || !('name' in base)) return undefined;
      const args = node.childrenForFieldName('subscript').flatMap((s) => (s?.type === 'tuple' ? s.namedChildren : [s]));
      return { name: base.name, args: args.map((a) => (a ? fromNode(a) : undefined)).filter((a): a is TypeExpression => !!a) };
    }
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.text !== '|') return undefined;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const l = left ? fromNode(left) : undefined;
      const r = right ? fromNode(right) : undefined;
      return l && r ? { union: [...('union' in l ? l.union : [l]), ...('union' in r ? r.union : [r])] } : undefined;
    }
    case 'string': {
      // A forward reference: the annotation written as a string.
      const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
      return fromText(content);
    }
    default:
      return undefined;
  }
}

/** A string annotation (`"Optional[httpx.Client]"`) as a TypeExpression: dotted names,
 * subscripts, `|` unions and `None`. */
export function fromText(text: string): TypeExpression | undefined {
  const tokens = text.match(/[A-Za-z_][\w.]*|\.\.\.|[[\],|]/g);
  if (!tokens || tokens.join('').replace(/\s/g, '') !== text.replace(/\s/g, '')) return undefined;
  let i = 0;
  const union = (): TypeExpression | undefined => {
    const members: TypeExpression[] = [];
    for (;;) {
      const m = primary();
      if (!m) return undefined;
      members.push(m);
      if (tokens[i] !== '|') break;
      i++;
    }
    return members.length === 1 ? members[0] : { union: members };
  };
  const primary = (): TypeExpression | undefined => {
    const token = tokens[i++];
    if (!token || /^[[\],|]$/.test(token)) return undefined;
    if (token === 'None') return { none: true };
    const args: TypeExpression[] = [];
    if (tokens[i] === '[') {
      i++;
      for (;;) {
        const a = union();
        if (!a) return undefined;
        args.push(a);
        if (tokens[i] === ',') i++;
        else break;
      }
      if (tokens[i++] !== ']') return undefined;
    }
    return { name: token, args };
  };
  const result = union();
  return result && i === tokens.length ? result : undefined;
}
