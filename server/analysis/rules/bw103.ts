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
      'Flags synchronous file and path I/O inside an `async` function: `open`, `io.open`, reads and writes on the file objects they return, `pathlib.Path` reads, writes and directory walks, `shutil` copies and moves, and `os` file calls (`os.remove`, `os.listdir`, `os.walk`, ...).',
    whyIsThisBad:
      'File calls block the calling thread until the disk (or a network file system) answers. On a busy or remote disk that is milliseconds to seconds, during which the event loop serves nobody. asyncio has no non-blocking file API; the file work belongs on a thread.',
    example: {
      python: 'async def save(path, data):\n    with open(path, "w") as fh:\n        fh.write(data)',
    },
    useInstead: {
      python: 'import asyncio\nfrom pathlib import Path\n\nasync def save(path, data):\n    await asyncio.to_thread(Path(path).write_text, data)',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW103', context),
};
