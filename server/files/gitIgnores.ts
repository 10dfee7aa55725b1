// What git would ignore, decided by reading files only (git itself is never run: a repository's
// own configuration can make git run programs, e.g. core.fsmonitor). Inside a git repository the
// rules are git's: every .gitignore from the repository's top down to the file's folder (a deeper
// file's rules win, its last matching pattern decides, `!` re-includes), then .git/info/exclude,
// then the user's global excludes file (core.excludesFile of the user's git configuration, else
// $XDG_CONFIG_HOME/git/ignore). The patterns are matched by the `ignore` package, as ESLint does.
// A repository's own .git/config is not read: it could point the excludes at any file.
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import ignore, { type Ignore } from 'ignore';
import { readConfigText } from './readLimited';

/** Rules of one file, relative to the folder they apply from. */
interface RuleSet {
  dir: string;
  rules: Ignore;
}

/** The repository's own git folder: `.git`, or where a `.git` file points (`gitdir: ...`), and
 * for a linked worktree the main repository's folder (`commondir`), which holds info/exclude. */
export function commonGitDir(root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  let gitDir = dotGit;
  try {
    if (!fs.statSync(dotGit).isDirectory()) {
      const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readConfigText(dotGit) ?? '');
      if (!pointer) return undefined;
      gitDir = path.resolve(root, pointer[1]);
    }
  } catch {
    return undefined;
  }
  const common = readConfigText(path.join(gitDir, 'commondir'))?.trim();
  return common ? path.resolve(gitDir, common) : gitDir;
}

/** `core.excludesFile` in a git configuration text, when set. */
export function coreExcludesFile(config: string): string | undefined {
  let inCore = false;
  let value: string | undefined;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*([A-Za-z0-9.-]+)(\s+"[^"]*")?\s*\]/.exec(line);
    if (section) {
      // `[core "x"]` is a subsection (core.x.*), not core.
      inCore = section[1].toLowerCase() === 'core' && !section[2];
      continue;
    }
    const entry = inCore ? /^excludesfile\s*=\s*(.*)$/i.exec(line) : null;
    if (entry) value = unquote(entry[1]);
  }
  return value || undefined;
}

/** A git configuration value: quotes removed, escapes resolved, a comment after it dropped. */
function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && i + 1 < raw.length) out += { n: '\n', t: '\t' }[raw[++i]] ?? raw[i];
    else if ((c === '#' || c === ';') && !quoted) break;
    else out += c;
  }
  return out.trim();
}

/** The user's global excludes file: core.excludesFile from their git configuration
 * ($XDG_CONFIG_HOME/git/config, then ~/.gitconfig, the later winning, as git reads them), else
 * $XDG_CONFIG_HOME/git/ignore. */
export function globalExcludesFile(): string {
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  let configured: string | undefined;
  for (const config of [path.join(xdg, 'git', 'config'), path.join(home, '.gitconfig')]) {
    const text = readConfigText(config);
    configured = (text !== undefined ? coreExcludesFile(text) : undefined) ?? configured;
  }
  if (!configured) return path.join(xdg, 'git', 'ignore');
  if (configured === '~' || configured.startsWith('~/')) return path.join(home, configured.slice(1));
  return path.resolve(home, configured);
}

function rulesOf(file: string, dir: string): RuleSet | undefined {
  const text = readConfigText(file);
  return text === undefined ? undefined : { dir, rules: ignore().add(text) };
}

/** Decides, for the folders and files of a walk, whether git would ignore them. Rule files are
 * read once each, when the walk first needs them. */
export class GitIgnores {
  /** A folder's .gitignore rules (null: it has none). */
  private readonly ofFolder = new Map<string, RuleSet | null>();
  /** Per repository top folder: its info/exclude and the global rules, lowest precedence last. */
  private readonly ofRepository = new Map<string, RuleSet[]>();
  private globalRules: RuleSet | null | undefined;
  /** A folder's repository top folder (null: outside any repository). */
  private readonly rootOfFolder = new Map<string, string | null>();

  /** Whether git would ignore `file` (a folder when `isFolder`). Outside a repository, nothing is. */
  ignores(file: string, isFolder: boolean): boolean {
    const root = this.repositoryRoot(path.dirname(file));
    if (!root) return false;
    const sets: RuleSet[] = [];
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const own = this.folderRules(dir);
      if (own) sets.push(own);
      if (dir === root || path.dirname(dir) === dir) break;
    }
    sets.push(...this.repositoryRules(root));
    const relativeTo = (dir: string) => path.relative(dir, file).split(path.sep).join('/') + (isFolder ? '/' : '');
    for (const { dir, rules } of sets) {
      let result: ReturnType<Ignore['test']>;
      try {
        result = rules.test(relativeTo(dir));
      } catch {
        continue; // a name the package refuses to match (it throws on a few odd paths): no rule applies
      }
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  }

  /** The folder holding `.git` (a folder, or a file naming it in worktrees and submodules) at or
   * above `dir`. */
  private repositoryRoot(dir: string): string | undefined {
    let known = this.rootOfFolder.get(dir);
    if (known === undefined) {
      const parent = path.dirname(dir);
      known = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? null : (this.repositoryRoot(parent) ?? null);
      this.rootOfFolder.set(dir, known);
    }
    return known ?? undefined;
  }

  private folderRules(dir: string): RuleSet | undefined {
    let known = this.ofFolder.get(dir);
    if (known === undefined) this.ofFolder.set(dir, (known = rulesOf(path.join(dir, '.gitignore'), dir) ?? null));
    return known ?? undefined;
  }

  private repositoryRules(root: string): RuleSet[] {
    let known = this.ofRepository.get(root);
    if (!known) {
      const gitDir = commonGitDir(root);
      const exclude = gitDir ? rulesOf(path.join(gitDir, 'info', 'exclude'), root) : undefined;
      if (this.globalRules === undefined) this.globalRules = rulesOf(globalExcludesFile(), '') ?? null;
      const global = this.globalRules && { dir: root, rules: this.globalRules.rules };
      this.ofRepository.set(root, (known = [exclude, global].filter((s): s is RuleSet => !!s)));
    }
    return known;
  }
}
