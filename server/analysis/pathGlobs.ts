// File patterns of the configuration (`per-file-ignores`, `exclude`), with ruff's meaning: a glob
// is matched against the file's path relative to the folder of the configuration file that holds
// it, and against the file's name alone; `*` matches any characters (folders included, as in
// ruff), `**/` any folders or none, `?` one character, `[abc]` one of a set, `{a,b}` either; in
// `per-file-ignores`, a leading `!` matches the files the rest does not match.
import * as path from 'node:path';

const cache = new Map<string, RegExp>();

function globRegExp(glob: string): RegExp {
  let regex = cache.get(glob);
  if (regex) return regex;
  let out = '';
  let inSet = false;
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    // `**/` at the start or after a `/` also matches no folder at all, as in ruff's globs:
    // `**/generated/*` names `generated/x.py`, `a/**/b.py` names `a/b.py`.
    if (!inSet && glob.startsWith('**/', i) && (i === 0 || glob[i - 1] === '/')) {
      out += '(?:.*/)?';
      i += 2;
      continue;
    }
    if (inSet) {
      out += ch === '!' && out.endsWith('[') ? '^' : ch === '\\' ? '\\\\' : ch;
      if (ch === ']') inSet = false;
    } else if (ch === '*') out += '.*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') (out += '['), (inSet = true);
    else if (ch === '{') (out += '(?:'), braces++;
    else if (ch === '}' && braces > 0) (out += ')'), braces--;
    else if (ch === ',' && braces > 0) out += '|';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  regex = new RegExp(`^${out.replace(/(\.\*)+/g, '.*')}$`);
  cache.set(glob, regex);
  return regex;
}

/** Whether the glob names `file` (absolute): its path relative to the folder `base`, or its name. */
export function matchesGlob(glob: string, file: string, base: string): boolean {
  const regex = globRegExp(glob.replace(/^\.\//, ''));
  return regex.test(path.relative(base, file).split(path.sep).join('/')) || regex.test(path.basename(file));
}

/** Whether `pattern` names `file` (absolute), relative to the folder `base`; `!` negates. */
export function matchesFilePattern(pattern: string, file: string, base: string): boolean {
  const negated = pattern.startsWith('!');
  const matched = matchesGlob(negated ? pattern.slice(1) : pattern, file, base);
  return negated ? !matched : matched;
}
