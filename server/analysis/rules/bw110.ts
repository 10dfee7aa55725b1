import { languageSupport } from '../languages';
import { BLOCKING_NOT_REPORTED, blocksNobody, describeFunction, FS_QUERY_CODE } from './blocking';
import { findBlockingChains } from './chains';
import type { RawFinding, Rule } from './rule';

export const bw110: Rule = {
  code: 'BW110',
  family: 'BLOCKING',
  name: 'blocking-through-helper',
  title: 'Call to a sync function that blocks, from async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags a call, inside an `async` function, to a synchronous function of the workspace that reaches a blocking call (BW101-BW108) at any depth (a chain that ends in a file-system query is reported as BW109): in the same file or another one, through imports, re-exports, classes and `self` methods. The diagnostic\'s related information walks the chain down to the blocking call. Calls listed in the `extraBlockingCalls` setting without a code are reported here too. Handing the function to `asyncio.to_thread` or an executor is not a call and is not flagged. A chain whose blocking call costs what its data\'s size costs (one file\'s data read or written, data compressed), with nothing stronger on the way (a flush to the disk with `fsync`, a request, a subprocess, a TLS set-up), is reported with partial evidence, one severity level below the rule\'s (information at the default): through helpers such a file is most often a small settings or cache file, microseconds on a local disk, and only its size, which the code does not say, makes it long. A helper that writes and then `fsync`s is reported at the rule\'s severity, the chain ending at the flush. In JavaScript/TypeScript the chain follows local functions, `this.method()` and methods of instances of workspace classes, and `require`/`import` of workspace files (relative specifiers, imports the nearest tsconfig.json/jsconfig.json maps to workspace files through `paths` (`@/lib/x`) or `baseUrl`, packages of the monorepo imported by name (`@acme/util`: those its package.json `workspaces` or pnpm-workspace.yaml lists), a `.js` specifier written for a `.ts` source, folder `index` files, CommonJS `module.exports` and ESM re-exports). Functions passed to `new Worker`, piscina, timers or `setImmediate` are not calls.',
    notReported: `${BLOCKING_NOT_REPORTED} A call through a callable parameter (a decorator's \`func\`, a callback) is not followed: which function it runs is not known. A helper whose blocking call runs once (a memo guard, \`functools.cache\`) or is cheap as written (a pseudo-file, a file of the program's own, a small constant size) does not block through it. A chain that ends in a file-system query is BW109's.`,
    whyIsThisBad:
      'Hiding a blocking call behind a helper does not make it asynchronous: the helper runs on the event loop thread and stops every other task while it waits. Linters that only match names at the call site miss it.',
    example: {
      python: '# storage.py\nimport requests\n\ndef download(url):\n    return requests.get(url).content\n\n# service.py\nfrom storage import download\n\nasync def handle(url):\n    return download(url)',
      javascript:
        '// store.js\nconst fs = require(\'node:fs\');\nfunction loadUser(id) {\n  return JSON.parse(fs.readFileSync(`users/${id}.json`, \'utf8\'));\n}\nmodule.exports = { loadUser };\n\n// routes.js\nconst { loadUser } = require(\'./store\');\napp.get(\'/user/:id\', async (req, res) => res.json(loadUser(req.params.id)));',
    },
    useInstead: {
      python: '# service.py\nimport asyncio\nfrom storage import download\n\nasync def handle(url):\n    return await asyncio.to_thread(download, url)',
      javascript:
        '// store.js\nconst { readFile } = require(\'node:fs/promises\');\nasync function loadUser(id) {\n  return JSON.parse(await readFile(`users/${id}.json`, \'utf8\'));\n}\nmodule.exports = { loadUser };\n\n// routes.js\nconst { loadUser } = require(\'./store\');\napp.get(\'/user/:id\', async (req, res) => res.json(await loadUser(req.params.id)));',
    },
  },
  check(facts, context) {
    const findings: RawFinding[] = [];
    for (const call of facts.calls) {
      if (call.functionId === undefined || call.awaited) continue;
      const fn = facts.functions[call.functionId];
      if (!fn.runsOnEventLoop) continue;
      const direct = context.workspace.blockingApiOf(facts, call);
      if (direct?.code === 'BW110' && !blocksNobody(facts, fn, call, context.workspace)) {
        findings.push({
          message: `\`${call.calleeText}\` blocks the event loop in ${describeFunction(fn)} (listed in extraBlockingCalls); use ${languageSupport(facts.language).idioms.offloaded(call.calleeText, facts)} instead.`,
          range: call.range,
          data: { target: call.target ?? direct.name, calleeText: call.calleeText, fix: languageSupport(facts.language).helperFix },
        });
      }
    }
    // Chains into file-system queries are BW109's, with the queries made directly.
    return [...findings, ...findBlockingChains(facts, context, (reach) => reach.code !== FS_QUERY_CODE)].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  },
};
