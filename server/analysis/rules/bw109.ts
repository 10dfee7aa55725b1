import { BLOCKING_NOT_REPORTED, findBlockingCalls, FS_QUERY_CODE } from './blocking';
import { findBlockingChains } from './chains';
import type { Rule } from './rule';

export const bw109: Rule = {
  code: FS_QUERY_CODE,
  family: 'BLOCKING',
  name: 'blocking-fs-query',
  title: 'File-system query or metadata change inside async code',
  defaultSeverity: 'information',
  docs: {
    whatItDoes:
      'Flags calls inside an `async` function that ask the file system about one path or change its metadata without moving file data: `os.path.exists/isfile/isdir/islink/getsize/getmtime/realpath/samefile` and friends, `os.stat/lstat/listdir/scandir/access/chmod`, `os.mkdir/makedirs/remove/unlink/rename/replace`, `pathlib.Path.exists/is_file/is_dir/stat/resolve/iterdir/glob/mkdir/unlink/touch` (also on paths made by `/`, `joinpath`, `parent`, `with_suffix`, and on parameters annotated `Path`); in JavaScript/TypeScript `fs.existsSync/statSync/lstatSync/accessSync/readdirSync/mkdirSync/unlinkSync/renameSync/chmodSync/realpathSync` (also through `graceful-fs` and `fs-extra`). A write of an empty literal (`f.write(\'\')`, `os.write(fd, b\'\')`, `fs.writeFileSync(p, \'\')`), and an `open` whose file gets only such writes, moves no data and creates or empties the file at most: it is reported here, not as BW103. A call to a sync helper of the workspace that reaches such a call (and no other blocking call) is reported here too, with the chain, rather than as BW110. The default severity is information: raise the group with `"severity": {"BW109": "warning"}` or silence it with `"off"` (settings, `[tool.boundwise]`, package.json or `.boundwise.json`).',
    notReported: `${BLOCKING_NOT_REPORTED} Pure path functions do not touch the disk and are not reported: \`os.path.join/split/splitext/dirname/basename/normpath/relpath/abspath\`, \`PurePath\` methods, \`with_suffix\`, \`path.join\`; \`os.path.abspath\` (ruff's ASYNC240 reports it) only joins with the working directory the process already knows, and \`normpath\` and \`relpath\` (flake8-async's ASYNC240 reports them) are string work. Nor are queries of kernel pseudo-files (\`/proc\`, \`/sys\`) and of files of the program's own installation (a path made of \`__file__\`/\`__dirname\` and literals).`,
    whyIsThisBad:
      'Each of these is one system call that waits for the file system. On a local disk the answer comes from the kernel\'s caches in microseconds, which is why the group is information, not warning; on NFS, SMB or FUSE mounts (home folders on a server, network storage, cloud drives) it is a network round trip, and a server that stats a file per request stalls every connection while the mount is slow or gone. aiohttp moved its static-file checks to a thread for this reason.',
    example: {
      python: 'import os\n\nasync def download(request):\n    path = os.path.join(ROOT, request.match_info["name"])\n    if not os.path.isfile(path):\n        raise NotFound()\n    return FileResponse(path)',
      javascript: "const fs = require('node:fs');\n\napp.get('/files/:name', async (req, res) => {\n  if (!fs.existsSync(`files/${req.params.name}`)) return res.sendStatus(404);\n  res.sendFile(req.params.name, { root: 'files' });\n});",
    },
    useInstead: {
      python: 'import asyncio\nimport os\n\nasync def download(request):\n    path = os.path.join(ROOT, request.match_info["name"])\n    if not await asyncio.to_thread(os.path.isfile, path):\n        raise NotFound()\n    return FileResponse(path)',
      javascript: "const { access } = require('node:fs/promises');\n\napp.get('/files/:name', async (req, res) => {\n  if (!(await access(`files/${req.params.name}`).then(() => true, () => false))) return res.sendStatus(404);\n  res.sendFile(req.params.name, { root: 'files' });\n});",
    },
  },
  check: (facts, context) =>
    [...findBlockingCalls(facts, FS_QUERY_CODE, context), ...findBlockingChains(facts, context, (reach) => reach.code === FS_QUERY_CODE)].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    ),
};
