// What to profile, as the user would run it: a script file (`app.py`, `tool.js`), a Python module
// (`-m package.module`), or a command line (`python3 tool.py`, `node --flag ./bin/x`, or a program
// whose #! line names Python or Node, such as an npm package's bin). Plain data and file reads, no
// process is started here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProfileInputError } from './errors';

export type Language = 'python' | 'node';

export interface ProfileTarget {
  language: Language;
  /** The script's absolute path; for a module, its name (the sampler reports its file). */
  script: string;
  /** Python: run `script` as a module (`-m`). */
  module?: boolean;
  args: string[];
  /** The interpreter the command named (else the configured or default one). */
  interpreter?: string;
  /** The interpreter's own options from the command line (`-X dev`, `--max-old-space-size=4096`). */
  interpreterArgs: string[];
}

const PYTHON_EXT = /\.(py|pyw)$/i;
const NODE_EXT = /\.(js|mjs|cjs|ts|mts|cts|tsx|jsx)$/i;
const PYTHON_PROGRAM = /^(python|pypy)(\d+(\.\d+)*)?$/;
const NODE_PROGRAM = /^(node|nodejs)$/;

export function languageOf(script: string): Language | undefined {
  if (PYTHON_EXT.test(script)) return 'python';
  if (NODE_EXT.test(script)) return 'node';
  return undefined;
}

function programLanguage(program: string): Language | undefined {
  const base = path.basename(program).replace(/\.exe$/i, '');
  if (PYTHON_PROGRAM.test(base)) return 'python';
  if (NODE_PROGRAM.test(base)) return 'node';
  return undefined;
}

// Interpreter options that take the next argument as their value.
const PYTHON_VALUE_OPTIONS = new Set(['-X', '-W', '--check-hash-based-pycs']);
const NODE_VALUE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--title', '--env-file', '--redirect-warnings', '--stack-trace-limit']);
const NOT_A_PROGRAM: Record<Language, RegExp> = {
  python: /^-c/,
  node: /^(-e|-p|--eval|--print|-pe|--check|-c|--test|--run)$/,
};

/** Splits `[options..., script, args...]` after an interpreter; `-m` for Python. */
function afterInterpreter(language: Language, interpreter: string, rest: string[], cwd: string): ProfileTarget {
  const interpreterArgs: string[] = [];
  const valueOptions = language === 'python' ? PYTHON_VALUE_OPTIONS : NODE_VALUE_OPTIONS;
  let i = 0;
  for (; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (NOT_A_PROGRAM[language].test(arg)) {
      throw new ProfileInputError(`Cannot profile ${path.basename(interpreter)} ${arg}: put the code in a file and profile that file`);
    }
    if (language === 'python' && arg === '-m') {
      const module = rest[i + 1];
      if (!module) throw new ProfileInputError(`${path.basename(interpreter)} -m needs a module name`);
      return { language, script: module, module: true, args: rest.slice(i + 2), interpreter, interpreterArgs };
    }
    interpreterArgs.push(arg);
    if (valueOptions.has(arg) && i + 1 < rest.length) interpreterArgs.push(rest[++i]);
  }
  const script = rest[i];
  if (script === undefined || script === '-') throw new ProfileInputError(`Nothing to profile: ${path.basename(interpreter)} needs a script file`);
  return { language, script: path.resolve(cwd, script), args: rest.slice(i + 1), interpreter, interpreterArgs };
}

/** The file a command name runs: a path relative to `cwd`, else the first match on PATH. */
function findProgram(program: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (program.includes('/') || program.includes(path.sep)) {
    const file = path.resolve(cwd, program);
    return fs.existsSync(file) ? file : undefined;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.resolve(cwd, dir, program);
    try {
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not in this folder */
    }
  }
  return undefined;
}

/** The interpreter and its arguments from a file's #! line, when it has one. */
export function shebangOf(file: string): string[] | undefined {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(256);
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const text = head.toString('utf8');
  if (!text.startsWith('#!')) return undefined;
  let words = text.slice(2).split('\n')[0].trim().split(/\s+/).filter(Boolean);
  // `#!/usr/bin/env [-S] node --flag`: the program is the word after env and its options.
  if (words.length && path.basename(words[0]) === 'env') {
    words = words.slice(1);
    while (words.length && words[0].startsWith('-')) words = words.slice(1);
  }
  return words.length ? words : undefined;
}

export function fileTarget(script: string, args: string[], cwd: string): ProfileTarget {
  const file = path.resolve(cwd, script);
  const language = languageOf(file);
  if (language) return { language, script: file, args, interpreterArgs: [] };
  const shebang = shebangOf(file);
  const shebangLanguage = shebang && programLanguage(shebang[0]);
  if (shebang && shebangLanguage) return afterInterpreter(shebangLanguage, shebang[0], [...shebang.slice(1), file, ...args], cwd);
  throw new ProfileInputError(`Cannot profile ${path.basename(file)}: expected a Python (.py) or JavaScript/TypeScript (.js, .mjs, .cjs, .ts) file, or a script whose #! line names python or node`);
}

/** `boundwise profile -- COMMAND [ARGS...]`: a Python or Node command line. */
export function commandTarget(command: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): ProfileTarget {
  const [program, ...rest] = command;
  if (!program) throw new ProfileInputError('Nothing to profile: give a script, -m MODULE, or a command after --');
  const language = programLanguage(program);
  if (language) return afterInterpreter(language, program, rest, cwd);
  if (languageOf(program)) return fileTarget(program, rest, cwd);
  const file = findProgram(program, cwd, env);
  const shebang = file ? shebangOf(file) : undefined;
  const shebangLanguage = shebang && programLanguage(shebang[0]);
  if (file && shebang && shebangLanguage) return afterInterpreter(shebangLanguage, shebang[0], [...shebang.slice(1), file, ...rest], cwd);
  throw new ProfileInputError(`Cannot profile '${program}': only Python and Node programs can be profiled (python3 ..., node ..., or a script whose #! line names one)`);
}
