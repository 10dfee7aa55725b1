// What the suite's workloads need around them: a Python with the suite's packages, the loopback
// delay server, and generated inputs (a big JSON document, a package tree to compile, a copy of
// ESLint's sources to lint) in a temporary folder.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDelayServer } from './delay-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const NEEDED = ['requests', 'aiohttp', 'numpy'];
const PACKAGES_TO_COMPILE = ['email', 'asyncio', 'json', 'http', 'xml', 'unittest', 'concurrent', 'multiprocessing', 'logging', 'importlib', 'urllib', 'lib2to3', 'pydoc_data', 'tomllib', 'wsgiref', 'xmlrpc', 'sqlite3', 'zoneinfo', 'ctypes', 'curses', 'dbm', 'html'];

/** The first python3 on PATH (or BOUNDWISE_SUITE_PYTHON) that imports the suite's packages. */
export function findSuitePython({ install = true } = {}) {
  const candidates = [process.env.BOUNDWISE_SUITE_PYTHON, ...(process.env.PATH ?? '').split(delimiter).map((d) => d && join(d, 'python3'))]
    .filter((p) => p && fs.existsSync(p));
  for (const exe of candidates) {
    const r = spawnSync(exe, ['-c', `import ${NEEDED.join(', ')}`], { stdio: 'ignore' });
    if (r.status === 0) return exe;
  }
  if (install) {
    execFileSync('bash', [join(here, 'setup.sh')], { stdio: 'inherit' });
    return findSuitePython({ install: false });
  }
  throw new Error(`no python3 on PATH imports ${NEEDED.join(', ')}; run bench/real-programs/setup.sh or set BOUNDWISE_SUITE_PYTHON`);
}

export async function suiteContext({ delayMs = 50 } = {}) {
  const python = findSuitePython();
  const server = await startDelayServer(delayMs);
  const tmp = fs.mkdtempSync(join(os.tmpdir(), 'boundwise-suite-'));
  const stdlibDir = execFileSync(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

  // One JSON document of about 20 MB.
  const bigJson = join(tmp, 'big.json');
  const rows = Array.from({ length: 120000 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['a', 'b', String(i % 7)], score: i / 7, nested: { ok: i % 2 === 0 } }));
  fs.writeFileSync(bigJson, JSON.stringify({ rows }));
  // A package tree to byte-compile: a copy of some of the stdlib's packages.
  const pySources = join(tmp, 'pkgs');
  for (const pkg of PACKAGES_TO_COMPILE.filter((p) => fs.existsSync(join(stdlibDir, p)))) fs.cpSync(join(stdlibDir, pkg), join(pySources, pkg), { recursive: true, filter: (p) => !p.includes('__pycache__') });
  // ESLint's own sources with a configuration beside them (ESLint ignores node_modules).
  const eslintPkg = join(root, 'node_modules', 'eslint');
  const eslintProject = join(tmp, 'eslint-project');
  fs.cpSync(join(eslintPkg, 'lib'), join(eslintProject, 'lib'), { recursive: true });
  const eslintConfig = join(eslintProject, 'eslint.config.mjs');
  const jsPlugin = join(root, 'node_modules', '@eslint', 'js', 'src', 'index.js');
  fs.writeFileSync(eslintConfig, fs.readFileSync(join(here, 'eslint.config.mjs'), 'utf8').replace("'@eslint/js'", JSON.stringify(jsPlugin)));
  return {
    python,
    url: server.url,
    tmp,
    stdlib: (rel) => join(stdlibDir, rel),
    out: (name) => join(tmp, name),
    bigJson,
    pySources,
    eslint: join(eslintPkg, 'bin', 'eslint.js'),
    eslintProject,
    eslintFile: join(eslintProject, 'lib', 'api.js'),
    tsc: join(root, 'node_modules', 'typescript', 'lib', 'tsc.js'),
    tsconfig: join(here, 'tsconfig.workload.json'),
    close: async () => {
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
