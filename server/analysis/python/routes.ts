// The route a web framework registers a Python function for, read off its decorator, so that a
// message names a handler the way its logs and docs do: `GET /invoices/{id}`.
// aiohttp (`@routes.get('/x')`), FastAPI and Starlette routers (`@app.post('/x')`,
// `@app.api_route('/x', methods=['GET', 'POST'])`, `@app.websocket('/ws')`), Flask/Quart/Sanic
// (`@app.route('/x', methods=['POST'])`).
import type { SyntaxNode as Node } from './syntax';

const ROUTE_DECORATOR = /^@\s*[A-Za-z_][\w.]*\.(get|post|put|delete|patch|head|options|route|api_route|websocket)\s*\(\s*[rRuU]?(['"])(.*?)\2/s;

/** `GET /x`, `POST,PUT /x`, `WEBSOCKET /ws`, or the bare path for `route` without `methods`. */
export function routeOfDecorators(def: Node): string | undefined {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return undefined;
  for (const decorator of parent.namedChildren) {
    if (decorator?.type !== 'decorator') continue;
    const m = ROUTE_DECORATOR.exec(decorator.text);
    if (!m) continue;
    const [, method, , routePath] = m;
    if (method !== 'route' && method !== 'api_route') return `${method.toUpperCase()} ${routePath}`;
    const methods = /\bmethods\s*=\s*[[(]([^\])]*)[\])]/.exec(decorator.text)?.[1].match(/[A-Za-z]+/g);
    return methods?.length ? `${methods.map((x) => x.toUpperCase()).join(',')} ${routePath}` : routePath;
  }
  return undefined;
}
