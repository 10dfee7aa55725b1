// Where absolute imports of a Python project start, besides the importing file's folder, the root
// of its package and the workspace roots: the `src` folder of the src layout (`src/acme/...`, on
// sys.path once the project is installed, as an editable install or pytest's `pythonpath` makes
// it), and the members of a uv workspace (`[tool.uv.workspace] members = ["packages/*"]`), each
// with its own `src`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readConfigText } from '../../files/readLimited';
import { foldersMatching, mtimeOf, nearestUp, type NearestKnown, ReadFromFiles } from '../workspace/folderPatterns';

/** Folder -> the pyproject.toml that declares its uv workspace (null: none up to the root). */
const workspaceOfFolder: NearestKnown = new Map();
/** pyproject.toml -> its members' import roots. */
const rootsOfWorkspace = new ReadFromFiles<string[]>();

/** The extra folders absolute imports made in `file` may start from. */
export function importRootsFor(file: string, workspaceRoots: readonly string[]): string[] {
  const out = workspaceRoots.map((r) => path.join(r, 'src'));
  const workspace = uvWorkspaceOf(path.dirname(path.resolve(file)));
  if (workspace) out.push(...membersOf(workspace));
  // The index keys files as they were given: absolute, or relative to the working folder.
  return path.isAbsolute(file) ? out : out.map((f) => path.relative(process.cwd(), f));
}

function uvWorkspaceOf(dir: string): string | null {
  return nearestUp(dir, workspaceOfFolder, (d) => {
    const pyproject = path.join(d, 'pyproject.toml');
    return fs.existsSync(pyproject) && /^\s*\[tool\.uv\.workspace\]/m.test(readConfigText(pyproject) ?? '') ? pyproject : undefined;
  });
}

function membersOf(pyproject: string): string[] {
  return rootsOfWorkspace.get(pyproject, (read) => {
    read.set(pyproject, mtimeOf(pyproject));
    const table = workspaceTable(readConfigText(pyproject) ?? '');
    const base = path.dirname(pyproject);
    const excluded = new Set(table.exclude.flatMap((p) => foldersMatching(base, p, read)));
    const members = table.members.flatMap((p) => foldersMatching(base, p, read)).filter((m) => !excluded.has(m));
    return members.flatMap((m) => [m, path.join(m, 'src')]);
  });
}

/** `members` and `exclude` of `[tool.uv.workspace]`: arrays of strings, on one line or several. */
function workspaceTable(text: string): { members: string[]; exclude: string[] } {
  const body = /^\s*\[tool\.uv\.workspace\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const list = (key: string) => {
    const array = new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, 'm').exec(body.replace(/#.*$/gm, ''))?.[1] ?? '';
    return [...array.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  };
  return { members: list('members'), exclude: list('exclude') };
}
