import { findBlockingCalls } from './blocking';
import type { Rule } from './rule';

export const bw104: Rule = {
  code: 'BW104',
  family: 'BLOCKING',
  name: 'blocking-subprocess',
  title: 'Waiting for a subprocess inside async code',
  defaultSeverity: 'warning',
  docs: {
    whatItDoes:
      'Flags calls that wait for a child process inside an `async` function: `subprocess.run`, `call`, `check_call`, `check_output`, `os.system`, `os.popen`, `Popen.wait` and `Popen.communicate`, and `os.wait*`. In JavaScript/TypeScript: `child_process.execSync`, `execFileSync` and `spawnSync` (any import form or alias), execa\'s sync API and `cross-spawn.sync`.',
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
