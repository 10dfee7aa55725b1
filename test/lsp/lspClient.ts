// A minimal LSP client over real JSON-RPC (vscode-jsonrpc) that drives the built server
// (dist/server.js) as a separate process, the way an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');
/** Clock ticks per second of /proc/PID/stat times: 100 on Linux (USER_HZ). */
const CLOCK_TICKS = 100;

export interface StatusMessage {
  uri: string;
  state: string;
  message: string;
}

export class LspClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<() => void> = [];
  readonly statuses: StatusMessage[] = [];
  /** The kinds of the `$/progress` notifications (begin, report, end), in order. */
  readonly progress: string[] = [];
  /** window/logMessage and window/showMessage notifications, in order. */
  readonly messages: Array<{ kind: 'log' | 'show'; type: number; message: string }> = [];
  /** What the server registered through client/registerCapability, in order. */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  /** How many times the server published diagnostics for each URI. */
  readonly publishCounts = new Map<string, number>();
  /** What the client answers to workspace/configuration (section `boundwise`). */
  settings: unknown = { enable: true, severity: {} };
  stderr = '';
  exited = false;

  constructor(serverPath = SERVER) {
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.process.on('exit', () => (this.exited = true));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishCounts.set(p.uri, (this.publishCounts.get(p.uri) ?? 0) + 1);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.connection.onNotification('boundwise/status', (p: StatusMessage) => {
      this.statuses.push(p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.record(this.messages, { kind: 'log', ...p }));
    this.connection.onNotification('window/showMessage', (p: { type: number; message: string }) => this.record(this.messages, { kind: 'show', ...p }));
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      for (const r of p.registrations) this.record(this.registrations, r);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => this.record(this.progress, p.value?.kind ?? ''));
    this.connection.listen();
  }

  /** `watchFiles`: the client can watch files for the server (dynamic registration of
   * workspace/didChangeWatchedFiles), as VS Code can; `relativePatterns`: files outside the
   * workspace folder too (patterns relative to a folder), as VS Code can. */
  async initialize(rootDir?: string, { watchFiles = false, relativePatterns = false } = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: rootDir ? pathToFileURL(rootDir).href : null,
      workspaceFolders: rootDir ? [{ uri: pathToFileURL(rootDir).href, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, ...(watchFiles ? { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: relativePatterns } } : {}) },
        textDocument: { hover: { contentFormat: ['markdown'] } },
        window: { workDoneProgress: true },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Waits until the server says (`$/progress` end) that it has indexed the workspace. */
  async indexed(timeoutMs: number): Promise<void> {
    await this.waitFor(() => (this.progress.includes('end') ? true : undefined), timeoutMs, 'indexing done');
  }

  /** Keeps a notification's content and wakes whoever waits for one. */
  private record<T>(list: T[], item: T): void {
    list.push(item);
    this.waiters.splice(0).forEach((w) => w());
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    this.diagnostics.delete(uri);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    this.diagnostics.delete(uri);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Sends an edit and waits for the server's answer about `uri`: its diagnostics, or a status
   * message (a file it skipped, a syntax error). Resolves to the milliseconds that took. */
  async editAndWait(uri: string, version: number, changes: TextDocumentContentChangeEvent[], timeoutMs = 30_000): Promise<number> {
    const statusesBefore = this.statuses.length;
    const start = performance.now();
    await this.change(uri, version, changes);
    await this.waitFor(() => (this.diagnostics.has(uri) || this.statuses.slice(statusesBefore).some((s) => s.uri === uri) ? true : undefined), timeoutMs, `an answer about ${uri}`);
    return performance.now() - start;
  }

  /** Tells the server that files changed on disk, as an editor's file watcher does
   * (type: 1 created, 2 changed, 3 deleted). */
  filesChanged(changes: Array<{ file: string; type: 1 | 2 | 3 }>): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: pathToFileURL(c.file).href, type: c.type })) });
  }

  close(uri: string): Promise<void> {
    this.diagnostics.delete(uri);
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** Whether the server published diagnostics for `uri` since the last open/change. */
  hasDiagnostics(uri: string): boolean {
    return this.diagnostics.has(uri);
  }

  /** The diagnostics the server last published for `uri` since the last open/change, if any. */
  publishedDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.diagnostics.get(uri);
  }

  /** Waits until the server publishes diagnostics for `uri` (after the last open/change). */
  async diagnosticsFor(uri: string, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return this.waitFor(() => this.diagnostics.get(uri), timeoutMs, `diagnostics for ${uri}`);
  }

  async waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(10, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** CPU time the server process has used so far, in ms (Linux: /proc; undefined elsewhere). */
  serverCpuMs(): number | undefined {
    try {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised name): utime and stime in ticks.
      const fields = fs.readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  }

  /** The server's resident memory now (VmRSS) and at its peak (VmHWM), in MB (Linux only). */
  serverMemoryMb(): { rss: number; peak: number } | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
    } catch {
      return undefined;
    }
  }

  async shutdown(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 50));
    this.connection.dispose();
    if (!this.exited) this.process.kill();
  }
}

/** A server started and initialised (on `rootDir` when given); shut down again if that fails. */
export async function startedClient(rootDir?: string, options: { watchFiles?: boolean; relativePatterns?: boolean } = {}): Promise<LspClient> {
  const client = new LspClient();
  try {
    await client.initialize(rootDir, options);
  } catch (error) {
    await client.shutdown();
    throw error;
  }
  return client;
}
