// What the code around a blocking call shows about its cost (JS/TS), as ../python/cheap does for
// Python: the call runs once per process or per path (under `if (!cache) { cache = ... }`,
// `cache ??= ...`, or `if (!fs.existsSync(p)) fs.mkdirSync(p)`), or its file is a kernel
// pseudo-file (`/proc`, `/sys`) or one of the program's own (`path.join(__dirname, 'x.json')`).
import type { TSESTree } from '@typescript-eslint/types';
import type { AnyNode } from './facts';

/** What the front end knows at a call: how a callee resolves, what a name is bound to. */
export interface CallContext {
  resolve(node: AnyNode): string | undefined;
  /** The initializer a name is declared with, when it has one. */
  initOf(name: string): AnyNode | undefined;
  /** The name is a variable of the module or of an enclosing function: it outlives the call. */
  outlivesCall(name: string): boolean;
  /** The name is declared somewhere in scope (not a global). */
  bound(name: string): boolean;
  /** The function of this file a callee names (`load()`), when it names one. */
  functionOf(callee: AnyNode): AnyNode | undefined;
  text: string;
}

/** Guards met on the way down to a call: `if` statements and logical assignments (`x ??= f()`). */
export type Guard = TSESTree.IfStatement | TSESTree.AssignmentExpression;

export function isGuard(node: AnyNode): node is Guard {
  return node.type === 'IfStatement' || (node.type === 'AssignmentExpression' && (node.operator === '??=' || node.operator === '||='));
}

const FS_MODULES = /^(fs|graceful-fs|fs-extra)\./;
const EXISTS = /^(fs|graceful-fs|fs-extra)\.(existsSync|pathExistsSync)$/;

const within = (outer: AnyNode | null | undefined, inner: AnyNode) => !!outer && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
const textOf = (node: AnyNode, text: string) => text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');

/** The call runs once per process or per path (see CallFact `once`). `guards`: every guard the
 * walk met so far in the call's function (those around the call among them). */
export function runsOnce(call: TSESTree.CallExpression, target: string | undefined, guards: readonly Guard[], context: CallContext): boolean {
  for (const guard of guards) {
    if (guard.type === 'AssignmentExpression') {
      if (within(guard.right, call) && longLived(guard.left, context)) return true;
      continue;
    }
    if (within(guard.consequent, call)) {
      const state = unsetState(guard.test);
      if (state && longLived(state, context) && fills(guard.consequent, textOf(state, context.text), context)) return true;
      const missing = guard.test.type === 'UnaryExpression' && guard.test.operator === '!' ? queriedPath(guard.test.argument, context) : undefined;
      if (missing && createsPath(call, target, missing, context)) return true;
    } else if (guard.alternate && within(guard.alternate, call)) {
      const present = queriedPath(guard.test, context);
      if (present && createsPath(call, target, present, context)) return true;
    }
  }
  return false;
}

/** `!x`, `x === undefined`, `x == null`, `!map.has(k)`, `!(k in x)`, `typeof x === 'undefined'`: x. */
function unsetState(test: AnyNode): AnyNode | undefined {
  if (test.type === 'UnaryExpression' && test.operator === '!') {
    const arg = test.argument;
    if (arg.type === 'CallExpression' && arg.callee.type === 'MemberExpression' && !arg.callee.computed && arg.callee.property.type === 'Identifier' && arg.callee.property.name === 'has') return arg.callee.object;
    if (arg.type === 'BinaryExpression' && arg.operator === 'in') return arg.right;
    if (isSizeOf(arg)) return (arg as TSESTree.MemberExpression).object;
    return arg.type === 'Identifier' || arg.type === 'MemberExpression' ? arg : undefined;
  }
  if (test.type === 'BinaryExpression' && (test.operator === '===' || test.operator === '==')) {
    const [a, b] = [test.left, test.right];
    // `x.size === 0`, `x.length === 0`: an empty collection.
    const zero = (n: AnyNode) => n.type === 'Literal' && n.value === 0;
    if (isSizeOf(a as AnyNode) && zero(b)) return (a as TSESTree.MemberExpression).object;
    const unset = (n: AnyNode) => (n.type === 'Identifier' && n.name === 'undefined') || (n.type === 'Literal' && n.value === null) || (n.type === 'Literal' && n.value === 'undefined');
    const side = unset(b) ? a : unset(a) ? b : undefined;
    if (side?.type === 'UnaryExpression' && side.operator === 'typeof') return side.argument;
    return side && (side.type === 'Identifier' || side.type === 'MemberExpression') ? side : undefined;
  }
  return undefined;
}

function isSizeOf(node: AnyNode): boolean {
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && (node.property.name === 'size' || node.property.name === 'length');
}

/** `this.x`, a variable of the module or an enclosing function, or a member of one. */
function longLived(node: AnyNode, context: CallContext): boolean {
  let n: AnyNode = node;
  while (n.type === 'MemberExpression') n = n.object;
  if (n.type === 'ThisExpression') return true;
  return n.type === 'Identifier' && context.outlivesCall(n.name);
}

/** The block sets `state`, or calls a function of this file that does (`if (!x) load();`). */
function fills(block: AnyNode, state: string, context: CallContext): boolean {
  if (sets(block, state, context.text)) return true;
  const body = block.type === 'BlockStatement' ? block.body : [block];
  return body.some((stmt) => {
    const expression = stmt.type === 'ExpressionStatement' ? stmt.expression : undefined;
    const fn = expression?.type === 'CallExpression' ? context.functionOf(expression.callee) : undefined;
    return !!fn && sets(fn, state, context.text);
  });
}

/** The block assigns `state` (`state = ...`, `state[k] = ...`) or fills it (`state.set(k, v)`). */
function sets(block: AnyNode, state: string, text: string): boolean {
  const body = text.slice(block.range[0], block.range[1]).replace(/\s+/g, '');
  const escaped = state.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$.])${escaped}(\\[[^\\]]*\\])?(=[^=]|\\?\\?=|\\|\\|=|\\.(set|add|push)\\()`).test(body);
}

/** `fs.existsSync(p)`: the text of p. */
function queriedPath(test: AnyNode, context: CallContext): string | undefined {
  if (test.type !== 'CallExpression' || !test.arguments[0]) return undefined;
  const target = context.resolve(test.callee);
  return target && EXISTS.test(target) ? textOf(test.arguments[0] as AnyNode, context.text) : undefined;
}

function createsPath(call: TSESTree.CallExpression, target: string | undefined, path: string, context: CallContext): boolean {
  return !!target && FS_MODULES.test(target) && !!call.arguments[0] && textOf(call.arguments[0] as AnyNode, context.text) === path;
}

/** The file of an `fs` call is a kernel pseudo-file or a file of the program's own installation. */
export function cheapFile(call: TSESTree.CallExpression, target: string, context: CallContext): boolean {
  const file = call.arguments[0] as AnyNode | undefined;
  if (!file || !FS_MODULES.test(target)) return false;
  return /^\/(proc|sys)\//.test(staticPrefix(file, context, 0) ?? '') || ownFile(file, context, 0);
}

const PATH_JOIN = /^path(\.posix)?\.(join|resolve)$/;

/** The literal text a path expression starts with: `'/proc/' + pid`, `` `/sys/${x}` ``,
 * `path.join('/proc', pid)`, through names declared with a value. */
function staticPrefix(node: AnyNode, context: CallContext, depth: number): string | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? node.value : undefined;
    case 'TemplateLiteral':
      return node.quasis[0]?.value.cooked ?? undefined;
    case 'BinaryExpression':
      return node.operator === '+' ? staticPrefix(node.left as AnyNode, context, depth) : undefined;
    case 'CallExpression':
      return node.arguments[0] && PATH_JOIN.test(context.resolve(node.callee) ?? '') ? staticPrefix(node.arguments[0] as AnyNode, context, depth) : undefined;
    case 'Identifier': {
      const init = context.initOf(node.name);
      return init ? staticPrefix(init, context, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

const isLiteral = (n: AnyNode) => (n.type === 'Literal' && typeof n.value === 'string') || (n.type === 'TemplateLiteral' && n.expressions.length === 0);

/** A path made only of the module's own location and literals: `path.join(__dirname, '../package.json')`,
 * `` `${__dirname}/x` ``, `new URL('./x.json', import.meta.url)`. */
function ownFile(node: AnyNode, context: CallContext, depth: number): boolean {
  if (depth > 4) return false;
  switch (node.type) {
    case 'Identifier': {
      // CommonJS gives every module these two; ES modules often declare them from import.meta.url.
      const init = context.initOf(node.name);
      if (init) return ownFile(init, context, depth + 1);
      return (node.name === '__dirname' || node.name === '__filename') && !context.outlivesCall(node.name) && !context.bound(node.name);
    }
    case 'MemberExpression':
      // import.meta.dirname, import.meta.filename, import.meta.url
      return node.object.type === 'MetaProperty' && node.property.type === 'Identifier' && /^(dirname|filename|url)$/.test(node.property.name);
    case 'BinaryExpression':
      return node.operator === '+' && ownFile(node.left as AnyNode, context, depth) && isLiteral(node.right);
    case 'TemplateLiteral':
      return node.expressions.length === 1 && node.quasis[0]?.value.cooked === '' && ownFile(node.expressions[0], context, depth);
    case 'NewExpression':
      // new URL('./x.json', import.meta.url)
      return context.resolve(node.callee) === 'URL' && node.arguments.length === 2 && isLiteral(node.arguments[0] as AnyNode) && ownFile(node.arguments[1] as AnyNode, context, depth);
    case 'CallExpression': {
      const target = context.resolve(node.callee) ?? '';
      const [first, ...rest] = node.arguments as AnyNode[];
      if (!first) return false;
      if (PATH_JOIN.test(target)) return ownFile(first, context, depth) && rest.every(isLiteral);
      return /^(path(\.posix)?\.dirname|url\.fileURLToPath)$/.test(target) && rest.length === 0 && ownFile(first, context, depth);
    }
    default:
      return false;
  }
}

/** How many parts of a test a parameter guard is looked for in: a guard is a short test
 * (`if (mkBasePath && !fs.existsSync(dir))`); generated code nests thousands deep. */
const GUARD_SEARCH_LIMIT = 16;

/** The first conjuncts of an `a && b && c` test, left to right. */
function conjuncts(test: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const stack = [test];
  for (let seen = 0; stack.length && seen < GUARD_SEARCH_LIMIT; seen++) {
    const node = stack.pop()!;
    if (node.type === 'LogicalExpression' && node.operator === '&&') stack.push(node.right, node.left);
    else out.push(node);
  }
  return out;
}

/** The parameter of the call's function that must be truthy for the call to run (see CallFact
 * `guardedBy`): a conjunct of the test of an `if` whose body holds the call, or one before the
 * call in that test (`if (mkBasePath && !fs.existsSync(dir))`). */
export function guardingParameter(call: TSESTree.CallExpression, guards: readonly Guard[], params: ReadonlySet<string>): string | undefined {
  const isParameter = (node: AnyNode): node is TSESTree.Identifier => node.type === 'Identifier' && params.has(node.name);
  for (const guard of guards) {
    if (guard.type !== 'IfStatement') continue;
    const parts = conjuncts(guard.test);
    if (within(guard.consequent, call)) {
      const found = parts.find(isParameter);
      if (found) return found.name;
    } else if (within(guard.test, call)) {
      for (const part of parts) {
        if (within(part, call)) break;
        if (isParameter(part)) return part.name;
      }
    }
  }
  return undefined;
}

/** A literal that is falsy: `false`, `null`, `undefined`, `0`, `''`. */
export function isFalsyLiteral(node: AnyNode): boolean {
  return (node.type === 'Literal' && !node.value && !('regex' in node && node.regex) && !('bigint' in node && node.bigint)) || (node.type === 'Identifier' && node.name === 'undefined');
}
