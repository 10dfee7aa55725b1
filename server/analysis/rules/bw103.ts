import { findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw103: Rule = {
  code: 'BW103',
  family: 'BLOCKING',
  name: 'blocking-file-io',
  title: 'Synchronous file or path I/O inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags synchronous file and path I/O inside an `async` function: `open`, `io.open`, reads and writes on the file objects they return, `pathlib.Path` reads, writes and directory walks, `shutil` copies and moves, and `os` file calls (`os.remove`, `os.listdir`, `os.walk`, ...). In JavaScript/TypeScript: `fs.*Sync` (also through `graceful-fs` and `fs-extra`, and glob\'s `sync`) under `require`, ESM named/default/namespace imports, the `node:` prefix and destructuring renames; `fs.promises`, `fs/promises` and the callback API are fine. Request handlers (`http.createServer`, `server.on(\'request\')`, Express/Koa/Fastify routes and middleware) count as async code even when they are not `async`; module top level and start-up functions do not.',
    whyIsThisBad:
      'File calls block the calling thread until the disk (or a network file system) answers. On a busy or remote disk that is milliseconds to seconds, during which the event loop serves nobody. asyncio has no non-blocking file API; the file work belongs on a thread.',
    example: {
      python: 'async def save(path, data):\n    with open(path, "w") as fh:\n        fh.write(data)',
      javascript:
        'const fs = require(\'node:fs\');\n\napp.get(\'/report\', async (req, res) => {\n  res.send(fs.readFileSync(\'report.csv\', \'utf8\'));\n});',
    },
    useInstead: {
      python: 'import asyncio\nfrom pathlib import Path\n\nasync def save(path, data):\n    await asyncio.to_thread(Path(path).write_text, data)',
      javascript:
        'const { readFile } = require(\'node:fs/promises\');\n\napp.get(\'/report\', async (req, res) => {\n  res.send(await readFile(\'report.csv\', \'utf8\'));\n});',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW103', context),
};
