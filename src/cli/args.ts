// A small, strict option parser: known flags only, `--flag value` or `--flag=value`,
// everything after `--` passed through untouched.

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
  /** Arguments after `--`. */
  rest: string[];
}

/** `spec` maps each flag to whether it takes a value (`-h`, `--help` are always allowed). */
export function parseArgs(argv: string[], spec: Record<string, 'value' | 'flag'>, command: string): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map(), rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.rest = argv.slice(i + 1);
      break;
    }
    if (arg === '-h' || arg === '--help') {
      parsed.options.set('help', true);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`${command}: unknown option '${arg.slice(0, eq === -1 ? undefined : eq)}'`);
    if (kind === 'flag') {
      if (eq !== -1) throw new UsageError(`${command}: option '--${name}' takes no value`);
      parsed.options.set(name, true);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`${command}: option '--${name}' needs a value`);
    parsed.options.set(name, value);
  }
  return parsed;
}
