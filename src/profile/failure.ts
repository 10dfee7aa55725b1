// How a run that did not succeed failed: the line of its error output that says why, and whether
// the error is one a program meets before its work (a missing module, an import or syntax error).
// Read from the end of the run's stderr when the measurement is built.
import type { RunRecord } from './recording';

export interface RunFailure {
  exitCode: number | null;
  signal: string | null;
  /** The error's own line ("ModuleNotFoundError: No module named 'x'"), or the last line said. */
  errorLine: string;
  /** The error stops a program before it starts its work. */
  atStartup: boolean;
}

/** Errors met before the work: a missing module, an import or syntax error, a missing input or
 * configuration, a usage error. */
const STARTUP_ERRORS: Record<'python' | 'node', RegExp> = {
  python: /^(ModuleNotFoundError|ImportError|SyntaxError|IndentationError|TabError)\b|^usage: |No such file or directory/,
  node: /Cannot find module|Cannot find package|ERR_MODULE_NOT_FOUND|ERR_REQUIRE_ESM|^SyntaxError\b|ERR_UNKNOWN_FILE_EXTENSION|couldn't find|could not find|ENOENT|^usage: /i,
};

/** A line that names an error: "ValueError: ...", "Error: Cannot find module", "couldn't find ...". */
const ERROR_LINE: Record<'python' | 'node', RegExp> = {
  python: /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b(: .*)?$/,
  node: /^(\w*Error|Error)( \[\w+\])?: |\b(error|cannot|can't|couldn't|could not|not found|no such|failed)\b/i,
};

export function runFailure(language: 'python' | 'node', run: RunRecord): RunFailure | undefined {
  // A run stopped by the user, the timeout or the end of its load did not fail: it was ended; nor
  // did a process that did not end while measured (attached to).
  if (run.exitCode === 0 || run.timedOut || run.stopped || (run.exitCode === null && run.signal === null)) return undefined;
  const lines = (run.stderrTail ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ') && !/^\^+$/.test(l));
  // Python's exception line ends its traceback; Node's error line comes first, above its stack.
  const pick = language === 'python' ? [...lines].reverse() : lines;
  const errorLine = pick.find((l) => ERROR_LINE[language].test(l)) ?? lines[lines.length - 1] ?? '';
  return {
    exitCode: run.exitCode,
    signal: run.signal,
    errorLine: errorLine.length > 300 ? `${errorLine.slice(0, 297)}...` : errorLine,
    atStartup: STARTUP_ERRORS[language].test(errorLine),
  };
}
