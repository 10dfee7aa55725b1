// Reading files of a workspace nobody vetted: only regular files are read (a FIFO would block
// forever, /dev/zero never ends), and never more than a limit (the size is checked on the opened
// file, before reading, and the read stops at the limit even if the file grows meanwhile).
import * as fs from 'node:fs';

/** Source files over this size are not analysed (generated code or data, not code someone types). */
export const MAX_SOURCE_BYTES = 5_000_000;
/** Configuration files (.boundwise.json, package.json, pyproject.toml, tsconfig.json, .gitignore...)
 * over this size are not read. */
export const MAX_CONFIG_BYTES = 2_000_000;

/** The text, or why there is none: `unreadable` when the file could not be read at all (no
 * permission, not a regular file...), false when it was skipped on purpose (too large);
 * `missing` when there is no such file. */
export type ReadResult = { text: string } | { problem: string; unreadable: boolean; missing?: boolean };

/** Why an fs error stopped a read, in words (without the path, which the caller prints). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (a dangling symbolic link?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'its path is longer than the system allows';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'it is a folder';
    default:
      // Node's message starts with the code and ends with the path: `EIO: i/o error, read`.
      return String((error as Error).message ?? error).split(',')[0];
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const megabytes = (bytes: number) => `${Math.round(bytes / 100_000) / 10} MB`;

/** The text of `file` when it is a regular file of at most `maxBytes` bytes, else why not. Never
 * blocks on a FIFO or a device. */
export function readRegularFile(file: string, maxBytes: number): ReadResult {
  const read = readRegularBytes(file, maxBytes);
  return 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

/** The bytes of `file` when it is a regular file of at most `maxBytes` bytes, else why not. */
export function readRegularBytes(file: string, maxBytes: number): { bytes: Buffer } | Exclude<ReadResult, { text: string }> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `could not be read: ${describeFsError(error)}`, unreadable: true, missing: code === 'ENOENT' || code === 'ENOTDIR' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: `could not be read: it is ${kindOf(stat)}, not a regular file`, unreadable: true };
    if (stat.size > maxBytes) return { problem: `skipped: it is larger than ${megabytes(maxBytes)}`, unreadable: false };
    // One byte more than the limit tells a file that grew past it since fstat.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) {
        if (length > maxBytes) return { problem: `skipped: it is larger than ${megabytes(maxBytes)}`, unreadable: false };
        break;
      }
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { problem: `could not be read: ${describeFsError(error)}`, unreadable: true };
  } finally {
    fs.closeSync(fd);
  }
}

/** Something about a file that is not a finding: unreadable, skipped, a syntax error. */
export interface FileProblem {
  file: string;
  message: string;
  /** It could not be read at all (`boundwise lint` then exits 2, as ruff does for E902). */
  unreadable?: boolean;
  /** Its parser refused it (code nested too deeply): none of it was analysed (exit 2 as well). */
  notAnalysed?: boolean;
}

const configProblems = new Map<string, FileProblem>();

/** The text of a configuration file, or undefined when there is none or it cannot be read; a file
 * that exists and cannot be read is remembered for takeConfigProblems (a missing one is normal:
 * callers look for configuration in every folder above a file). */
export function readConfigText(file: string): string | undefined {
  const result = readRegularFile(file, MAX_CONFIG_BYTES);
  if ('text' in result) return result.text;
  if (!result.missing && configProblems.size < 1000) {
    configProblems.set(file, { file, message: `${result.problem}; its settings are ignored.`, unreadable: result.unreadable });
  }
  return undefined;
}

/** The configuration files that could not be read since the last call. */
export function takeConfigProblems(): FileProblem[] {
  const problems = [...configProblems.values()];
  configProblems.clear();
  return problems;
}
