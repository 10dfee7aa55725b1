import { BLOCKING_NOT_REPORTED, findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw104: Rule = {
  code: 'BW104',
  family: 'BLOCKING',
  name: 'blocking-subprocess',
  title: 'Waiting for a subprocess inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags calls that wait for a child process inside an `async` function: `subprocess.run`, `call`, `check_call`, `check_output`, `os.system`, `os.popen`, `Popen.wait` and `Popen.communicate`, `os.spawn*(os.P_WAIT, ...)`, and `os.wait*`. In JavaScript/TypeScript: `child_process.execSync`, `execFileSync` and `spawnSync` (any import form or alias), execa\'s sync API and `cross-spawn.sync`.',
    notReported: `${BLOCKING_NOT_REPORTED} Starting a process without waiting for it is not reported: \`subprocess.Popen(...)\`, \`os.posix_spawn(...)\` and \`os.spawn*(os.P_NOWAIT, ...)\` (ruff's ASYNC220 and ASYNC221 report them) take a fork and an exec of a few milliseconds and wait for nothing; the wait (\`proc.wait()\`, \`proc.communicate()\`, \`os.waitpid\`) is where the time goes, and it is reported. \`os.waitpid(pid, os.WNOHANG)\` (and the other waits given \`WNOHANG\`) returns at once.`,
    whyIsThisBad:
      'These calls return only when the child exits, which can take any time. The event loop is stopped for that long. asyncio runs subprocesses natively and lets other tasks proceed while the child works.',
    example: {
      python: 'import subprocess\n\nasync def build():\n    subprocess.run(["make", "all"], check=True)',
      javascript:
        'const { execSync } = require(\'node:child_process\');\n\nasync function revision() {\n  return execSync(\'git rev-parse HEAD\').toString().trim();\n}',
    },
    useInstead: {
      python: 'import asyncio\n\nasync def build():\n    proc = await asyncio.create_subprocess_exec("make", "all")\n    if await proc.wait() != 0:\n        raise RuntimeError("build failed")',
      javascript:
        'const { promisify } = require(\'node:util\');\nconst { exec } = require(\'node:child_process\');\n\nasync function revision() {\n  return (await promisify(exec)(\'git rev-parse HEAD\')).stdout.trim();\n}',
    },
  },
  check: (facts, context) => findBlockingCalls(facts, 'BW104', context),
};
