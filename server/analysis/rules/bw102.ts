import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw102: Rule = {
  code: 'BW102',
  family: 'BLOCKING',
  name: 'blocking-http',
  title: 'Synchronous HTTP request inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags synchronous HTTP calls inside an `async` function: `requests` (module functions and `Session` methods), `urllib.request.urlopen`, `http.client` connections, the sync `httpx` API and `httpx.Client` (and their maintained fork `httpx2`), the body of a streamed response, and `urllib3`. Objects are followed from the call that made them (`s = requests.Session()`, `with httpx.Client() as c`, `self.session = ...`) and from the types the code declares (`client: httpx.Client`, `Optional[httpx.Client]`, `"httpx.Client"`, a helper\'s `-> httpx.Client`). In JavaScript/TypeScript: the synchronous HTTP packages `sync-request`, `sync-fetch` and `then-request/sync`.',
    notReported: `${BLOCKING_NOT_REPORTED} \`client.close()\` on an \`httpx.Client\` is not reported (ruff's ASYNC212 reports it): closing the pool sends nothing and waits for nothing; nor is \`client.build_request()\`, which builds an object. Reading a response's body is reported only for a streamed response (\`client.stream(...)\`): any other response was read by the call that made it.`,
    whyIsThisBad:
      'A network round trip takes milliseconds to seconds, and a synchronous client holds the thread for all of it. Inside a coroutine that thread is the event loop: every other task waits until the response arrives, so requests that could overlap run one after another.',
    example: {
      python: 'import requests\n\nasync def fetch(url):\n    response = requests.get(url, timeout=10)\n    return response.json()',
      javascript:
        'const request = require(\'sync-request\');\n\nasync function price(id) {\n  return JSON.parse(request(\'GET\', `https://api.example/items/${id}`).getBody(\'utf8\'));\n}',
    },
    useInstead: {
      python: 'import httpx\n\nasync def fetch(client: httpx.AsyncClient, url):\n    response = await client.get(url, timeout=10)\n    return response.json()\n\n# or, with a library that only has a blocking API:\n#     response = await asyncio.to_thread(requests.get, url, timeout=10)',
      javascript:
        'async function price(id) {\n  const res = await fetch(`https://api.example/items/${id}`);\n  return res.json();\n}',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW102', context),
};
