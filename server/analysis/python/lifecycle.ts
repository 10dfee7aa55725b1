// When a Python function runs, as far as its code says: the program's entry coroutine (the one
// `asyncio.run` is given: until it first suspends nothing else is on the loop), test code (a
// test runner runs it), a function memoised by a decorator (its body runs once per arguments),
// and which calls of a function come before its first suspension.
import { SCOPE_NODES, type Scope } from './scopes';
export { ENTRY_RUNNERS } from './catalogue';
import { expressionTop, forEachDescendant, type SyntaxNode as Node } from './syntax';
import type { TypeInference } from './types';

/** Base classes whose methods a test runner runs. */
const TEST_CASE_BASES = new Set([
  'unittest.TestCase', 'unittest.IsolatedAsyncioTestCase', 'unittest.case.TestCase', 'unittest.async_case.IsolatedAsyncioTestCase',
  'aiounittest.AsyncTestCase', 'asynctest.TestCase', 'asynctest.case.TestCase', 'twisted.trial.unittest.TestCase',
  'tornado.testing.AsyncTestCase', 'tornado.testing.AsyncHTTPTestCase', 'aiohttp.test_utils.AioHTTPTestCase',
  'django.test.TestCase', 'django.test.TransactionTestCase', 'django.test.SimpleTestCase',
]);

/** Decorators whose function's body runs once per arguments. */
const MEMOISING_DECORATORS = new Set(['functools.cache', 'functools.lru_cache', 'functools.cached_property']);

export function isTestCaseBase(target: string | undefined): boolean {
  return !!target && TEST_CASE_BASES.has(target);
}

/** What the decorators of a definition name (`@functools.lru_cache(maxsize=8)` names
 * `functools.lru_cache`), and whether one of them is pytest's. */
function decoratorsOf(def: Node, scope: Scope, types: TypeInference): { targets: string[]; pytest: boolean } {
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : undefined;
  const targets: string[] = [];
  let pytest = false;
  for (const d of decorated?.namedChildren ?? []) {
    if (d?.type !== 'decorator') continue;
    let expression: Node | null | undefined = d.namedChildren[0];
    if (expression?.type === 'call') expression = expression.childForFieldName('function');
    const target = expression ? types.resolveCallee(expression, scope)?.target : undefined;
    if (target) targets.push(target);
    if (target && /^(pytest|pytest_asyncio)\./.test(target)) pytest = true;
  }
  return { targets, pytest };
}

export function isMemoised(def: Node, scope: Scope, types: TypeInference): boolean {
  return decoratorsOf(def, scope, types).targets.some((t) => MEMOISING_DECORATORS.has(t));
}

/** A test pytest collects: decorated by pytest (`@pytest.mark.asyncio`, a fixture), or, in a module
 * that imports pytest, a `test*` function at module level or in a `Test*` class. */
export function isPytestTest(def: Node, scope: Scope, types: TypeInference, importsPytest: boolean): boolean {
  if (decoratorsOf(def, scope, types).pytest) return true;
  if (!importsPytest || !/^test/.test(def.childForFieldName('name')?.text ?? '')) return false;
  return scope.kind === 'module' || (scope.kind === 'class' && /(^|\.)Test[^.]*$/.test(scope.classInfo?.qualifiedName ?? ''));
}

/** Where a function's body first suspends: an `await`, an `async for`/`async with`, a `yield`
 * (nested functions apart); Infinity when it never does. */
export function firstSuspension(body: Node): number {
  let first = Infinity;
  forEachDescendant(body, (node) => {
    if (SCOPE_NODES.has(node.type) || node.startIndex >= first) return false;
    if (!suspendsHere(node)) return true;
    first = Math.min(first, node.startIndex);
    return false;
  });
  return first;
}

function suspendsHere(node: Node): boolean {
  if (node.type === 'await' || node.type === 'yield') return true;
  return (node.type === 'for_statement' || node.type === 'with_statement') && node.children.some((c) => c?.type === 'async');
}

/** The call is made before the function first suspends (`first`), and no loop around it suspends
 * (its next iteration would come after). */
export function beforeSuspension(call: Node, first: number, suspendingLoops: Map<Node, boolean>): boolean {
  if (call.startIndex >= first) return false;
  for (let n = expressionTop(call).parent; n && !SCOPE_NODES.has(n.type); n = n.parent) {
    if (n.type !== 'for_statement' && n.type !== 'while_statement') continue;
    let suspends = suspendingLoops.get(n);
    if (suspends === undefined) suspendingLoops.set(n, (suspends = suspendsHere(n) || firstSuspension(n) < Infinity));
    if (suspends) return false;
  }
  return true;
}
