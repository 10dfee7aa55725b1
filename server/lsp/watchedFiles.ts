// Files created, changed or deleted on disk outside the editor (a git pull, a branch switch, a
// file removed in a terminal), as the client reports them through
// `workspace/didChangeWatchedFiles`. Each burst of events is handled once it has settled: every
// file named is looked at on disk as it is then (the kind of event does not matter; a file
// created and deleted within the burst is simply gone), read into the workspace index with the
// start-up walk's rules (regular files, the size limit, the folders it skips, .gitignore), and
// the open documents that import a changed file, before or after the change, are checked again.
// A change of those rules themselves (a .gitignore, .git/info/exclude, a project configuration,
// ../files/ruleFiles) walks the folder they govern again: files now listed are read, files no
// longer listed leave the index, and the open documents there are checked again too.
// Nothing of the workspace is run: files are only listed, read and parsed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WatchKind, type FileEvent, type FileSystemWatcher } from 'vscode-languageserver/node';
import { sourceExtensions } from '../analysis/engine';
import type { WorkspaceIndex } from '../analysis/workspace/index';
import { collectFiles, MissingPathError, walkOfRootsEnters, walkOfRootsLists, type WalkRules } from '../files/collect';
import { Exclusions } from '../files/exclusions';
import { GitIgnores } from '../files/gitIgnores';
import { ruleFileGlobs, ruleFileScopes, rulesAbove, scopesToWalk } from '../files/ruleFiles';
import type { FileProblem } from '../files/readLimited';
import { filePathOf } from './uris';
import { plural } from './workspaceIndexer';

/** A burst is handled this long after its last event ... */
export const SETTLE_MS = 300;
/** ... or this long after its first, when events keep coming (a long checkout still shows its
 * first files). */
export const MAX_WAIT_MS = 2000;
/** Files read between two turns of the event loop, so requests are served in between. */
const SLICE = 25;

/** What the server asks the client to watch: the analysed languages' files, the files that decide
 * which files are indexed (edited too, not only created or deleted), and every path for creation
 * and deletion, since a client reports a folder deleted or moved in as one event for the folder
 * (which names no source file). `outside`: rule files outside the workspace folders, each watched
 * as a pattern relative to its folder (clients that support relative patterns). */
export function fileWatchers(outside: Iterable<string> = []): FileSystemWatcher[] {
  const extensions = sourceExtensions().map((e) => e.slice(1));
  return [
    { globPattern: `**/*.{${extensions.join(',')}}` },
    ...ruleFileGlobs().map((globPattern) => ({ globPattern })),
    ...[...outside].map((file) => ({ globPattern: { baseUri: pathToFileURL(path.dirname(file)).href, pattern: path.basename(file) } })),
    { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
  ];
}

export interface WatchedFilesHost {
  /** The index to update (the server makes it when it is initialised). */
  readonly workspace: WorkspaceIndex;
  /** Resolves once the start-up index is built: changes wait for it (it reads the disk as it is). */
  readonly indexed: Promise<void>;
  /** An open document's text is the editor's, not the disk's: its file is left as it is. */
  isOpen(file: string): boolean;
  /** The files of the open documents. */
  openFiles(): string[];
  /** Reads files into the index (./workspaceIndexer `indexFiles`). */
  indexFiles(files: readonly string[], problems: FileProblem[]): void;
  /** The open documents among `files` are to be checked again. */
  recheck(files: readonly string[]): void;
  /** Files changed on disk that could not be read into the index, for the log. */
  reportSkipped(problems: FileProblem[]): void;
  logInfo(message: string): void;
  logError(message: string): void;
}

export class WatchedFiles {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  /** The batch being handled: the next waits for it. */
  private running: Promise<void> = Promise.resolve();
  private above: { roots: readonly string[]; files: Map<string, string[]> } | undefined;

  constructor(private readonly host: WatchedFilesHost, private readonly settleMs = SETTLE_MS, private readonly maxWaitMs = MAX_WAIT_MS) {}

  /** The rule files outside the workspace folders that govern files in them, with those folders
   * (../files/ruleFiles), as they were when first asked for these workspace folders. */
  rulesAbove(): Map<string, string[]> {
    const roots = this.host.workspace.roots;
    if (this.above?.roots !== roots) this.above = { roots, files: rulesAbove(roots) };
    return this.above.files;
  }

  /** Takes the events of one `workspace/didChangeWatchedFiles` notification. */
  add(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      // A URI of another scheme (a virtual file system) names no file of this disk.
      const file = filePathOf(change.uri);
      if (file) this.pending.add(path.resolve(file));
    }
    if (this.pending.size === 0) return;
    const now = Date.now();
    if (!this.timer) this.firstPendingAt = now;
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.settleMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.startBatch(), wait);
  }

  private startBatch(): void {
    this.timer = undefined;
    const files = [...this.pending];
    this.pending.clear();
    this.running = this.running
      .then(() => this.host.indexed)
      .then(() => this.handle(files))
      .catch((error: unknown) => this.host.logError(`Boundwise could not update its index from files changed on disk: ${(error as Error)?.stack ?? error}`));
  }

  private async handle(paths: string[]): Promise<void> {
    const workspace = this.host.workspace;
    // Read again: a .gitignore or a configuration's exclude may have changed with the files.
    const rules: WalkRules = { ignores: new GitIgnores(), exclusions: new Exclusions() };
    const toRead = new Set<string>();
    const removed = new Set<string>();
    const problems: FileProblem[] = [];
    for (const changed of paths) {
      const kind = kindOnDisk(changed);
      const inFolder = kind === 'folder' ? filesOfFolder(changed, workspace.roots, rules, problems) : undefined;
      if (kind === 'missing' || (kind === 'folder' && !inFolder)) {
        // A deleted folder is one event: the files known under it go with it.
        for (const file of [changed, ...workspace.filesUnder(changed)]) if (workspace.hasFile(file)) removed.add(file);
      } else if (inFolder) for (const file of inFolder) toRead.add(file);
      else if (walkOfRootsLists(changed, workspace.roots, rules)) toRead.add(changed);
      else if (workspace.hasFile(changed)) removed.add(changed); // now in a folder the walk skips, or ignored
    }
    // The rules changed: what their folders list now against what the index holds there.
    // A folder the walk does not enter lists nothing, and the index holds nothing of it unless the
    // rules above it changed too, walked from there (a package.json deep in node_modules is no
    // reason to walk anything).
    const scopes = paths.flatMap((file) => ruleFileScopes(file, this.rulesAbove()));
    const rescanned = scopesToWalk(scopes, workspace.roots).filter((scope) => walkOfRootsEnters(scope, workspace.roots, rules));
    for (const scope of rescanned) {
      const listed = new Set(filesOfFolder(scope, workspace.roots, rules, problems) ?? []);
      for (const file of listed) if (!workspace.hasFile(file) && !removed.has(file)) toRead.add(file);
      for (const file of workspace.filesUnder(scope)) if (!listed.has(file) && !toRead.has(file)) removed.add(file);
    }
    const changed = [...toRead, ...removed].filter((file) => !this.host.isOpen(file));
    // An open document there may be excluded now, or no longer (and its configuration changed).
    const openThere = this.host.openFiles().filter((file) => rescanned.some((scope) => file.startsWith(scope + path.sep)));
    if (rescanned.length) {
      const where = rescanned.length > 3 ? `${rescanned.slice(0, 3).join(', ')} and ${plural(rescanned.length - 3, 'more folder')}` : rescanned.join(', ');
      this.host.logInfo(`Boundwise read again which files it indexes (${where}): ${plural(toRead.size, 'file')} to read, ${plural(removed.size, 'file')} left out.`);
    }
    if (changed.length === 0) {
      this.host.reportSkipped(problems);
      this.host.recheck(openThere);
      return;
    }
    // Who imports a changed file now (a deleted helper) and after the change (a created one).
    const dependents = new Set([...openThere, ...workspace.dependentsOfAny(changed)]);
    for (const file of changed) workspace.delete(file);
    const reading = [...toRead].filter((file) => !this.host.isOpen(file));
    for (let i = 0; i < reading.length; i += SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      // An open document's file is the editor's (it may have been opened since the batch began).
      this.host.indexFiles(reading.slice(i, i + SLICE).filter((file) => !this.host.isOpen(file)), problems);
    }
    for (const file of workspace.dependentsOfAny(changed)) dependents.add(file);
    this.host.reportSkipped(problems);
    this.host.recheck([...dependents]);
  }
}

/** The files of a folder created or moved in, as the start-up walk lists them (none outside the
 * roots or in a folder it skips); undefined when the folder is gone again. */
function filesOfFolder(folder: string, roots: readonly string[], rules: WalkRules, problems: FileProblem[]): string[] | undefined {
  if (!walkOfRootsEnters(folder, roots, rules)) return [];
  try {
    const walked = collectFiles([folder], rules);
    problems.push(...walked.problems);
    return walked.files;
  } catch (error) {
    if (error instanceof MissingPathError) return undefined;
    throw error;
  }
}

/** What is at `file` now. A symbolic link or special file counts as a file: reading it says what
 * it is (a FIFO or device is never read, ../files/readLimited). */
function kindOnDisk(file: string): 'file' | 'folder' | 'missing' {
  try {
    return fs.lstatSync(file).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}
