// Start-up code: a blocking call that an async function makes before the call in the same
// function that starts a server (creates, binds or starts serving one) runs once per server
// start, and no request of that server can be waiting for it (the TLS certificate read before
// `https.createServer`, the socket path stat'ed before `loop.create_unix_server`). The serving
// calls are library APIs, matched by their canonical names.
import type { CallFact, Language, Position, SourceFacts } from '../types';

/** Canonical names of the calls that start a server, per language. */
const SERVING_CALLS: Record<Language, RegExp[]> = {
  python: [
    /^asyncio\.(start_server|start_unix_server)$/,
    // Event-loop methods, however the loop was obtained (`get_running_loop()`, `get_event_loop()`).
    /^asyncio\.[\w.]*\.(create_server|create_unix_server)$/,
    /^aiohttp\.web\.(run_app|(TCPSite|UnixSite|SockSite|NamedPipeSite)\.start)$/,
    /^uvicorn\.(run|Server\.(serve|run))$/,
    /^hypercorn\.(asyncio|trio)\.serve$/,
    /^trio\.(serve_tcp|serve_ssl_over_tcp|serve_listeners)$/,
    /^anyio\.(create_tcp_listener|create_unix_listener)$/,
    /^socket\.socket\.listen$/,
    /^websockets\.(server\.)?(serve|unix_serve)$/,
    /^tornado\.(web\.Application|httpserver\.HTTPServer)\.listen$/,
  ],
  javascript: [
    /^(http|https|http2|net|tls)\.(createServer|createSecureServer)(\(\)\.listen)?$/,
    /^(express|fastify|koa|connect|polka|restify)\(\)\.listen$/,
  ],
  typescript: [],
};
SERVING_CALLS.typescript = SERVING_CALLS.javascript;

/** The canonical name of a call: its resolved target, or the library function its receiver
 * leads to (`loop.create_server` after `loop = asyncio.get_running_loop()`). */
function canonicalName(call: CallFact): string | undefined {
  if (call.target !== undefined) return call.target;
  const ref = call.callee;
  return ref?.module && !ref.module.startsWith('.') ? `${ref.module}.${ref.name}` : undefined;
}

export function startsServing(call: CallFact, language: Language): boolean {
  const name = canonicalName(call);
  return name !== undefined && SERVING_CALLS[language].some((pattern) => pattern.test(name));
}

const notAfter = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Per file: where the last call that starts a server ends, per function. */
const lastServingEnd = new WeakMap<SourceFacts, Map<number, Position>>();

function servingEnds(facts: SourceFacts): Map<number, Position> {
  let ends = lastServingEnd.get(facts);
  if (!ends) {
    ends = new Map();
    for (const call of facts.calls) {
      if (call.functionId === undefined || !startsServing(call, facts.language)) continue;
      const known = ends.get(call.functionId);
      if (!known || notAfter(known, call.range.end)) ends.set(call.functionId, call.range.end);
    }
    lastServingEnd.set(facts, ends);
  }
  return ends;
}

/** `call` completes before a call of its own function that starts a server returns (it comes
 * earlier in the function, or computes one of that call's arguments). */
export function beforeServing(facts: SourceFacts, call: CallFact): boolean {
  const end = call.functionId === undefined ? undefined : servingEnds(facts).get(call.functionId);
  return !!end && !startsServing(call, facts.language) && notAfter(call.range.end, end);
}
