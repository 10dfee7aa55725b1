import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw103: Rule = {
  code: 'BW103',
  family: 'BLOCKING',
  name: 'blocking-file-io',
  title: 'Synchronous file or path I/O inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags synchronous file I/O inside an `async` function: `open`, `io.open`, `io.open_code`, `os.fdopen`, `tempfile` files, reads and writes on the file objects they return (listed in the finding\'s related information when the object was made there, reported on their own for a file parameter annotated `io.TextIOWrapper` and alike), `pathlib.Path` reads, writes and tree walks, `shutil` copies and moves, `os` reads, writes, `fsync` and `os.walk`, `netrc`, and `mimetypes` look-ups (the first one reads the system\'s mime.types files). In JavaScript/TypeScript: `fs.*Sync` that move file data (also through `graceful-fs` and `fs-extra`, glob\'s `sync`, `.call`/`.apply`, and TypeScript\'s compiled imports `node_fs_1.default.readFileSync`, `(0, fs_1.readFileSync)`) under `require`, ESM named/default/namespace imports, the `node:` prefix and destructuring renames; `fs.promises`, `fs/promises` and the callback API are fine. Request handlers (`http.createServer`, `server.on(\'request\')`, Express/Koa/Fastify routes and middleware) count as async code even when they are not `async`; module top level and start-up functions do not.',
    notReported: `${BLOCKING_NOT_REPORTED} Files the kernel answers from memory (\`/proc\`, \`/sys\`) and files of the program's own installation (a path made only of \`__file__\`, \`__dirname\` or \`import.meta.url\` and literals: its own \`package.json\`, a bundled word list or template) are small and local: not reported. \`tarfile.open(fileobj=...)\` reads the object it is given. Queries and metadata changes of one path (\`os.path.exists\`, \`os.stat\`, \`os.mkdir\`, \`fs.existsSync\`, ...) are BW109, at information; so is a write of an empty literal (\`f.write('')\`, \`Path(p).write_text('')\`, \`fs.writeFileSync(p, '')\`) and an \`open\` whose file gets only such writes: no data moves, the file is created or emptied at most. \`f.fileno()\` and other methods that ask nothing of the disk are not reported (flake8-async's ASYNC232 reports every method of a file object); \`trio.wrap_file(open(p))\` is reported, because the \`open\` inside still blocks (flake8-async accepts it). \`mimetypes\` look-ups are not reported in a module that calls a \`mimetypes\` function at its top level: the system's mime.types files are read at import then.`,
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
