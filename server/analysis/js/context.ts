// Which callbacks run on the event loop while requests wait. A function passed to a server or
// a route registration is a request handler; one passed to `arr.map` or `new Promise` runs right
// away inside its caller; one passed to a timer, a worker or a thread pool runs later or
// elsewhere. Framework knowledge is data here, not scattered checks.
import type { TSESTree } from '@typescript-eslint/types';
import type { AnyNode } from './facts';

/** `handler`: a request/event handler. `sync-callback`: called synchronously by the callee, so it
 * runs wherever its caller runs. `deferred`: runs later (timers, promise callbacks). `offloaded`:
 * runs on another thread or process (workers, piscina). `test`: a test or hook a test runner runs
 * (mocha, jest, vitest, node:test): blocking there slows the test, not a service. */
export type CallbackRole = 'handler' | 'sync-callback' | 'deferred' | 'offloaded' | 'test' | 'lifecycle';

/** Process events whose listeners run as the process ends. */
const PROCESS_END_EVENTS = new Set(['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGBREAK']);

/** The test runners' registration functions (globals, or imported from the runner's module). */
const TEST_API = /^((test|vitest|mocha|@jest\/globals)\.)?(it|test|describe|context|specify|suite|before|after|beforeEach|afterEach|beforeAll|afterAll|setup|teardown|suiteSetup|suiteTeardown)(\.(only|skip|each|concurrent|todo|serial))?(\(\))?$/;

/** Factories whose functional arguments handle requests or connections. */
const SERVER_FACTORIES = new Set([
  'http.createServer', 'https.createServer', 'http2.createServer', 'http2.createSecureServer', 'net.createServer', 'tls.createServer',
]);

/** Events whose listeners run for every request or connection. */
const REQUEST_EVENTS = new Set(['request', 'connection', 'upgrade', 'stream', 'secureConnection']);

/** What resolved receivers are web applications or routers (`const app = express()`). */
const APP_RECEIVERS = [
  /^express(\.default)?\(\)$/, /^express(\.default)?\.Router\(\)$/, /^koa(\.default)?\(\)$/, /^fastify(\.default)?\(\)$/,
  /^(koa-router|@koa\/router)(\.default)?\(\)$/, /^restify\.createServer\(\)$/, /^hono(\.Hono)?\(\)$/, /^polka\(\)$/,
  /^(@hapi\/hapi|hapi)\.server\(\)$/, /^(@hapi\/hapi|hapi)\.Server\(\)$/,
];

/** Chains of calls (`a().b().c()`) are followed this many calls deep: the names this front end knows
 * have two or three; generated code chains thousands, and following those from every call of the
 * chain would take the square of its length in time and memory. */
export const MAX_CHAIN_CALLS = 32;

/** Names conventionally given to an app or router when its origin is out of sight (a parameter, `this.app`). */
const APP_NAMES = /^(app|application|router|api|apiRouter|routes|server|fastify|instance|koa|hono)$/i;

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'head', 'options', 'all', 'use']);

/** Route options objects (`fastify.route({ handler })`, hapi `server.route({ handler })`). */
const HANDLER_KEYS = new Set(['handler', 'preHandler', 'onRequest', 'preValidation', 'preSerialization']);

/** Methods that call their function argument before they return. */
const SYNC_CALLERS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex',
  'flatMap', 'sort', 'toSorted',
]);

/** Calls whose function argument runs later on the loop (a new task, not this one). */
const DEFERRING = /^(setTimeout|setInterval|setImmediate|queueMicrotask|process\.nextTick|timers\.(setTimeout|setInterval|setImmediate))$/;

/** Calls whose function argument runs on another thread or process. */
const OFFLOADING = /^(worker_threads\.Worker\(\)|piscina(\.Piscina)?\(\)\.run|child_process\.fork|cluster\.fork)$/;

function isString(node: AnyNode | undefined): boolean {
  return !!node && ((node.type === 'Literal' && (typeof node.value === 'string' || 'regex' in node)) || node.type === 'TemplateLiteral' || node.type === 'ArrayExpression');
}

function receiverName(node: AnyNode): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  return undefined;
}

/** True for `app`, `router`, `express()`, `app.route('/x')`, `router.get('/a', f)` (chained). */
function isAppLike(receiver: AnyNode, resolve: (n: AnyNode) => string | undefined): boolean {
  // Down a chain of route calls to what it starts from (at most MAX_CHAIN_CALLS: every call of a
  // chain asks this, so longer ones would cost the square of their length).
  for (let node = receiver, calls = 0; calls <= MAX_CHAIN_CALLS; calls++) {
    const resolved = resolve(node);
    if (resolved && APP_RECEIVERS.some((p) => p.test(resolved))) return true;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
      const method = receiverName(node.callee);
      if (method === 'route' || (method && ROUTE_METHODS.has(method))) {
        node = node.callee.object;
        continue;
      }
    }
    const name = receiverName(node);
    return !!name && APP_NAMES.test(name);
  }
  return false;
}

/** Function-valued arguments, looking one level into wrappers such as `asyncHandler(fn)` and arrays. */
function functionArguments(args: readonly AnyNode[]): AnyNode[] {
  const out: AnyNode[] = [];
  // In order, without recursion; with each argument, whether it is inside a wrapper's call (a
  // name passed to the wrapper is not the handler).
  const pending: Array<[AnyNode, boolean]> = [];
  const later = (nodes: readonly AnyNode[], inCall: boolean) => {
    for (let i = nodes.length - 1; i >= 0; i--) pending.push([nodes[i], inCall]);
  };
  later(args, false);
  while (pending.length) {
    const [arg, inCall] = pending.pop()!;
    if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression' || (arg.type === 'Identifier' && !inCall)) out.push(arg);
    else if (arg.type === 'ArrayExpression') later(arg.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement'), inCall);
    else if (arg.type === 'CallExpression') later(arg.arguments, true);
  }
  return out;
}

/** The roles a call gives to its function arguments. */
export function callbackRoles(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  target: string | undefined,
  resolve: (n: AnyNode) => string | undefined,
): [AnyNode, CallbackRole][] {
  const args = call.arguments as AnyNode[];
  if (args.length === 0) return [];
  const all = (role: CallbackRole): [AnyNode, CallbackRole][] => functionArguments(args).map((a) => [a, role]);

  if (call.type === 'NewExpression') {
    if (target === 'Promise') return all('sync-callback');
    if (target && OFFLOADING.test(`${target}()`)) return all('offloaded');
    return [];
  }
  if (target && SERVER_FACTORIES.has(target)) return all('handler');
  if (target && TEST_API.test(target)) return all('test');
  if (target && DEFERRING.test(target)) return all('deferred');
  if (target && OFFLOADING.test(target)) return all('offloaded');
  if (target === 'Array.from') return args.length > 1 ? [[args[1], 'sync-callback']] : [];

  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return [];
  const method = receiverName(callee);
  if (!method) return [];
  if (method === 'on' || method === 'once' || method === 'addListener' || method === 'prependListener') {
    const event = args[0];
    if (event.type === 'Literal' && typeof event.value === 'string' && REQUEST_EVENTS.has(event.value)) return functionArguments(args.slice(1)).map((a) => [a, 'handler']);
    // `process.on('SIGTERM', shutdown)`: a shutdown hook.
    if (event.type === 'Literal' && typeof event.value === 'string' && PROCESS_END_EVENTS.has(event.value) && callee.object.type === 'Identifier' && callee.object.name === 'process') {
      return functionArguments(args.slice(1)).map((a) => [a, 'lifecycle']);
    }
    return [];
  }
  if (method === 'then' || method === 'catch' || method === 'finally') return all('deferred');
  if (SYNC_CALLERS.has(method)) return functionArguments(args.slice(0, 1)).map((a) => [a, 'sync-callback']);
  if (method === 'addHook' && isAppLike(callee.object, resolve)) return functionArguments(args.slice(1)).map((a) => [a, 'handler']);
  if ((method === 'route' || method === 'register') && args[0].type === 'ObjectExpression' && isAppLike(callee.object, resolve)) {
    return handlersInOptions(args[0]);
  }
  if (ROUTE_METHODS.has(method) && isAppLike(callee.object, resolve)) {
    const chained = callee.object.type === 'CallExpression';
    // `app.get('env')` reads a setting; a route has a path (or is `use`, or hangs off `app.route(path)`).
    if (method !== 'use' && !chained && !isString(args[0])) return [];
    const handlers: [AnyNode, CallbackRole][] = functionArguments(args).map((a) => [a, 'handler']);
    for (const arg of args) if (arg.type === 'ObjectExpression') handlers.push(...handlersInOptions(arg));
    return handlers;
  }
  return [];
}

/** The route a registration gives its handlers, as users write it in logs and docs:
 * `GET /invoices/:id` for `app.get('/invoices/:id', ...)`, `router.route('/x').post(...)`, and
 * `use` without its method (`/api`). Undefined when the path is not a plain string. */
export function routeOfRegistration(call: TSESTree.CallExpression, resolve: (n: AnyNode) => string | undefined): string | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = receiverName(callee);
  if (!method || !ROUTE_METHODS.has(method) || !isAppLike(callee.object, resolve)) return undefined;
  const chainedRoute = callee.object.type === 'CallExpression' && receiverName(callee.object.callee as AnyNode) === 'route' ? callee.object.arguments[0] : undefined;
  const pathNode = (chainedRoute ?? call.arguments[0]) as AnyNode | undefined;
  const routePath = pathNode?.type === 'Literal' && typeof pathNode.value === 'string' ? pathNode.value : pathNode?.type === 'TemplateLiteral' && pathNode.expressions.length === 0 ? (pathNode.quasis[0].value.cooked ?? undefined) : undefined;
  if (routePath === undefined) return undefined;
  if (method === 'use') return routePath;
  return `${method === 'del' ? 'DELETE' : method === 'all' ? 'ALL' : method.toUpperCase()} ${routePath}`;
}

function handlersInOptions(options: TSESTree.ObjectExpression): [AnyNode, CallbackRole][] {
  const out: [AnyNode, CallbackRole][] = [];
  for (const prop of options.properties) {
    if (prop.type === 'Property' && !prop.computed && prop.key.type === 'Identifier' && HANDLER_KEYS.has(prop.key.name)) {
      out.push(...functionArguments([prop.value as AnyNode]).map((a): [AnyNode, CallbackRole] => [a, 'handler']));
    } else if (prop.type === 'Property' && prop.value.type === 'FunctionExpression' && prop.key.type === 'Identifier' && HANDLER_KEYS.has(prop.key.name)) {
      out.push([prop.value, 'handler']);
    }
  }
  return out;
}

/** NestJS-style controller methods (`@Get() list() {...}`) handle requests. */
const HANDLER_DECORATORS = new Set(['Get', 'Post', 'Put', 'Delete', 'Patch', 'All', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'Sse']);

export function decoratedAsHandler(method: TSESTree.MethodDefinition): boolean {
  return (method.decorators ?? []).some((d) => {
    const e = d.expression;
    const name = e.type === 'CallExpression' && e.callee.type === 'Identifier' ? e.callee.name : e.type === 'Identifier' ? e.name : undefined;
    return !!name && HANDLER_DECORATORS.has(name);
  });
}

/** Packages whose apps and routers take request handlers (the receivers of APP_RECEIVERS). */
const APP_PACKAGES = ['express', 'koa', 'fastify', 'restify', 'hono', 'polka', 'hapi'];

/** Text that any event-loop context needs: `async`/`await`, a server factory, a request event, an
 * app package, a route registration on an app-like name, a handler decorator. Built from the
 * tables above, so it stays in step with `callbackRoles` and `decoratedAsHandler`. */
const EVENT_LOOP_TEXT = new RegExp(
  [
    String.raw`\b(async|await)\b`,
    [...new Set([...SERVER_FACTORIES].map((f) => f.slice(f.indexOf('.') + 1)))].join('|'),
    String.raw`['"\x60](${[...REQUEST_EVENTS].join('|')})['"\x60]`,
    String.raw`\b(${APP_PACKAGES.join('|')})\b`,
    String.raw`\b${APP_NAMES.source.replace(/^\^|\$$/g, '')}\s*\??\.\s*(${[...ROUTE_METHODS, 'route', 'register', 'addHook'].join('|')})\s*\(`,
    String.raw`@(${[...HANDLER_DECORATORS].join('|')})\b`,
  ].join('|'),
  'i',
);

/** False when no function in `text` can run on the event loop while requests wait, so the file
 * cannot hold a finding of its own (`boundwise lint` then reads it only when a call chain from
 * another file reaches it). May be true of files that turn out to have no such function. */
export function mayRunOnEventLoop(text: string): boolean {
  return EVENT_LOOP_TEXT.test(text);
}
