// A fuzzer for the language server: a real JSON-RPC client (./lspClient) drives the built server
// with random sequences (edits to Python and JS/TS files, garbage, binary, huge and deeply nested
// documents, URIs Node cannot turn into paths, out-of-range positions, malformed notifications,
// bad settings, a second initialize) for a given time. It checks what a user relies on: the
// server never exits, every request is answered, every edit is answered (diagnostics or a status
// message), and after each sequence a fresh file still gets its BW101 and hover. Seeded: the same
// seed replays the same sequences.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { javascriptModule, pythonModule } from './generatedSources';
import { LspClient } from './lspClient';

export interface FuzzOptions {
  seed: number;
  /** Random sequences until this many seconds have passed; without it, one round: every kind of
   * sequence once, in a fixed order (a short run that is the same on every machine). */
  seconds?: number;
}

export interface FuzzReport {
  seed: number;
  sequences: number;
  edits: number;
  requests: number;
  /** Edit to the server's answer (diagnostics or status), ms. */
  latencies: number[];
  /** How long the sequences took. */
  wallSeconds: number;
  rssStartMb: number;
  rssEndMb: number;
  peakRssMb: number;
}

/** An edit must be answered within this long, a request too: past it, the server is stuck. */
const ANSWER_MS = 30_000;
const SLEEPY = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const SETTINGS = { enable: true, severity: {} };

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PYTHON_PIECES = ['time.sleep(1)', 'await asyncio.sleep(0)', 'async def f():\n    ', 'def g(x):\n    return x\n', 'for i in range(10):\n    ', 'with open(p) as f:\n    f.read()\n', 'requests.get(u)', 'import time\n', '(', ')', '[', ']', '{', '}', ':', '"""', "'", '#', '\n', '    ', '\t', '\r\n', 'lambda: 0', 'yield', 'await ', 'async ', 'class C:\n    ', '\\', '@decorator\n'];
const JS_PIECES = ['await ', 'async function f() {\n', '}', '{', '(', ')', 'fs.readFileSync("x")', 'Atomics.wait(v, 0, 0);', 'for (let i = 0; i < 1e9; i++) {', '`', '${', '/*', '*/', '//', '=>', ';', '\n', 'const x = ', 'import fs from "node:fs";\n', '<div>', '</div>', 'class A {', 'type T = ', ':', '"', "'", '\\'];
const ODD_TEXT = ['\u202e', '\u0301', '😀', '\ud800', '\udfff', '\u2028', '\ufeff', '\u00a0', 'é', '\x1b[31m', '\x7f'];
const LANGUAGES: Array<[string, string]> = [['python', 'py'], ['javascript', 'js'], ['typescript', 'ts'], ['javascriptreact', 'jsx'], ['typescriptreact', 'tsx']];
const BAD_URIS = ['file:///w/%FF.py', 'file:///w/a%2Fb.py', 'file://host/x.py', 'file:///w/caf%E9.py', 'untitled:Untitled-1', 'file:///w/b%C3%A9%20x.py', `file:///w/${'long'.repeat(3000)}.py`, 'x:', 'file:'];

export class Fuzzer {
  private readonly random: () => number;
  private readonly client = new LspClient();
  private readonly report: FuzzReport;
  private readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundwise-fuzz-'));
  private nextUri = 0;
  /** What the current sequence is doing, for the failure message. */
  private doing = '';

  constructor(private readonly options: FuzzOptions) {
    this.random = generator(options.seed);
    this.report = { seed: options.seed, sequences: 0, edits: 0, requests: 0, latencies: [], wallSeconds: 0, rssStartMb: 0, rssEndMb: 0, peakRssMb: 0 };
  }

  /** One round (every kind of sequence once, every bad input), not a timed random run. */
  private get isRound(): boolean {
    return this.options.seconds === undefined;
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  async run(): Promise<FuzzReport> {
    fs.writeFileSync(path.join(this.root, 'helpers.py'), 'import time\n\ndef wait():\n    time.sleep(1)\n');
    fs.writeFileSync(path.join(this.root, 'store.js'), 'const fs = require("node:fs");\nfunction load() { return fs.readFileSync("x"); }\nmodule.exports = { load };\n');
    await this.client.initialize(this.root);
    await this.client.indexed(ANSWER_MS);
    this.report.rssStartMb = this.client.serverMemoryMb()?.rss ?? NaN;
    const { seconds } = this.options;
    const started = Date.now();
    const kinds = this.sequenceKinds();
    const more = (done: number) => (this.isRound ? done < kinds.length : Date.now() < started + (seconds ?? 0) * 1000);
    try {
      for (let done = 0; more(done); done++) {
        await (this.isRound ? kinds[done].run : this.weightedPick(kinds))();
        this.report.sequences++;
        await this.freshFileStillWorks();
      }
      this.report.wallSeconds = (Date.now() - started) / 1000;
      const memory = this.client.serverMemoryMb();
      this.report.rssEndMb = memory?.rss ?? NaN;
      this.report.peakRssMb = memory?.peak ?? NaN;
      return this.report;
    } catch (error) {
      const stderr = this.client.stderr.slice(-2000);
      throw new Error(`fuzz failed (seed ${this.options.seed}, sequence ${this.report.sequences + 1}: ${this.doing}; replay with FUZZ_SEED=${this.options.seed}): ${(error as Error).message}${stderr ? `\nserver stderr: ${stderr}` : ''}`);
    } finally {
      await this.client.shutdown();
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }

  /** The kinds of sequence an editor (or a broken client) may send, with how often each is picked
   * in a timed run (edits to real code weigh most). */
  private sequenceKinds(): Array<{ weight: number; run: () => Promise<void> }> {
    return [
      { weight: 3, run: () => this.editSession('code', 30) },
      { weight: 1, run: () => this.editSession('garbage', 10) },
      { weight: 1, run: () => this.editSession('binary', 3) },
      { weight: 1, run: () => this.editSession('nested', 5) },
      { weight: 1, run: () => this.editSession('huge', 3) },
      { weight: 1, run: () => this.editSession('big', 0) },
      { weight: 1, run: () => this.badUriSession() },
      { weight: 1, run: () => this.malformedMessages() },
      { weight: 1, run: () => this.badSettings() },
      { weight: 1, run: () => this.secondInitialize() },
    ];
  }

  private weightedPick(kinds: Array<{ weight: number; run: () => Promise<void> }>): () => Promise<void> {
    let roll = this.random() * kinds.reduce((sum, kind) => sum + kind.weight, 0);
    for (const kind of kinds) {
      roll -= kind.weight;
      if (roll < 0) return kind.run;
    }
    return kinds[kinds.length - 1].run;
  }

  /** A document's text of a kind. */
  private textOf(kind: string, language: string): string {
    const python = language === 'python';
    switch (kind) {
      case 'garbage':
        return Array.from({ length: 200 + this.int(5000) }, () => String.fromCharCode(this.int(0x10000))).join('');
      case 'binary':
        return `x = 1\n${'\0'.repeat(1 + this.int(10))}${SLEEPY}`;
      case 'nested': {
        const depth = 200 + this.int(2000);
        if (python) return this.pick([`x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`, `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`, `x = ${Array(depth).fill('1').join(' + ')}\n`]) + SLEEPY;
        return this.pick([`${'if (a) {\n'.repeat(depth)}${'}\n'.repeat(depth)}`, `const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`, `const y = ${'['.repeat(depth)}${']'.repeat(depth)};\n`]);
      }
      case 'huge':
        return python ? pythonModule(1_100_000) : javascriptModule(1_100_000);
      case 'big':
        return python ? pythonModule(300_000) : javascriptModule(300_000);
      default: {
        // Real code, small or medium, sometimes with a few odd characters in it.
        const size = kind === 'small' ? 500 : this.pick([500, 3_000, 20_000, 60_000]);
        let text = python ? pythonModule(size) : javascriptModule(size);
        for (let i = this.int(3); i > 0; i--) text = this.insertAt(text, this.int(text.length), this.pick(ODD_TEXT));
        return text;
      }
    }
  }

  private insertAt(text: string, offset: number, piece: string): string {
    return text.slice(0, offset) + piece + text.slice(offset);
  }

  private uri(extension: string, inWorkspace = this.random() < 0.3): string {
    const name = `fuzz-${this.nextUri++}.${extension}`;
    return inWorkspace ? pathToFileURL(path.join(this.root, name)).href : `file:///tmp/boundwise-fuzz/${name}`;
  }

  /** Opens a document of `kind` and edits it `edits` times, each edit answered within ANSWER_MS. */
  private async editSession(kind: string, edits: number, uri?: string): Promise<void> {
    const [languageId, extension] = this.pick(LANGUAGES);
    uri ??= this.uri(extension);
    let text = this.textOf(kind, languageId);
    // Some clients send no languageId: the server goes by the extension, and a document with
    // neither is not one it analyses (nothing to answer then).
    const sentLanguageId = this.random() < 0.1 ? '' : languageId;
    const analysed = sentLanguageId !== '' || /\.(py|pyi|[cm]?js|jsx|[cm]?ts|tsx)$/i.test(uri);
    this.doing = `${kind} ${sentLanguageId || 'no-languageId'} document of ${text.length} characters at ${uri.slice(0, 80)}`;
    await this.client.open(uri, sentLanguageId, text);
    if (analysed) await this.client.waitFor(() => (this.client.statuses.some((s) => s.uri === uri) || this.client.hasDiagnostics(uri) ? true : undefined), ANSWER_MS, `the answer to opening ${uri}`);
    const pieces = languageId === 'python' ? PYTHON_PIECES : JS_PIECES;
    for (let version = 2; version < edits + 2; version++) {
      const change = this.randomChange(text, pieces);
      text = change.after;
      this.doing = `${kind} ${sentLanguageId || 'no-languageId'} document, edit ${version - 1} (${JSON.stringify(change.event).slice(0, 160)})`;
      if (analysed) {
        this.report.latencies.push(await this.client.editAndWait(uri, version, [change.event], ANSWER_MS));
      } else await this.client.change(uri, version, [change.event]);
      this.report.edits++;
      if (this.random() < 0.3) await this.requests(uri, text);
    }
    await this.requests(uri, text);
    await this.client.close(uri);
  }

  /** A random edit: an insertion, deletion or replacement somewhere (sometimes the whole text, or
   * a range past the end, which the server clamps), and the text it leaves. */
  private randomChange(text: string, pieces: readonly string[]): { event: TextDocumentContentChangeEvent; after: string } {
    const roll = this.random();
    if (roll < 0.05) {
      const after = this.random() < 0.5 ? '' : text + this.pick(pieces);
      return { event: { text: after }, after };
    }
    const start = this.int(text.length + 1);
    const end = Math.min(text.length, start + (this.random() < 0.4 ? this.int(20) : 0));
    const piece = this.random() < 0.1 ? this.pick(ODD_TEXT) : this.random() < 0.8 ? this.pick(pieces) : '';
    if (roll < 0.1) {
      // Out of range: lines and characters past the end; the server clamps them to the end.
      const range = { start: { line: 1_000_000, character: 5 }, end: { line: 2_000_000, character: 1_000_000 } };
      return { event: { range, text: piece }, after: text + piece };
    }
    return { event: { range: { start: this.positionAt(text, start), end: this.positionAt(text, end) }, text: piece }, after: text.slice(0, start) + piece + text.slice(end) };
  }

  private positionAt(text: string, offset: number): Position {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  }

  /** Hovers and code actions at random places (some out of range): each must be answered. */
  private async requests(uri: string, text: string): Promise<void> {
    const lines = text.split('\n').length;
    for (let i = 1 + this.int(3); i > 0; i--) {
      const position = this.random() < 0.2 ? { line: this.pick([-1, lines + 5, 2 ** 31 - 1]), character: this.pick([-1, 0, 1e9]) } : { line: this.int(lines), character: this.int(80) };
      await this.answered('textDocument/hover', { textDocument: { uri }, position });
      await this.answered('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
    }
  }

  /** Sends a request; it must be answered (a result or an error response) within ANSWER_MS. */
  private async answered(method: string, params: unknown): Promise<void> {
    this.report.requests++;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ANSWER_MS)));
    const answer = this.client.connection.sendRequest(method, params).then(
      () => 'answered' as const,
      () => 'answered' as const,
    );
    const outcome = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    assert.equal(outcome, 'answered', `${method} was not answered within ${ANSWER_MS} ms`);
    assert.equal(this.client.exited, false, `the server exited after ${method}`);
  }

  /** A session under a URI Node cannot turn into a path (in a round: every such URI, 2 edits each). */
  private async badUriSession(): Promise<void> {
    if (this.isRound) for (const uri of BAD_URIS) await this.editSession('small', 2, uri);
    else await this.editSession('code', 5, this.pick(BAD_URIS));
  }

  /** Notifications a broken client may send: each must leave the server serving. */
  private async malformedMessages(): Promise<void> {
    const uri = this.uri('py', false);
    const messages: Array<[string, unknown]> = [
      ['textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: null } }],
      ['textDocument/didOpen', { textDocument: { uri: 42, languageId: 'python', version: 1, text: SLEEPY } }],
      ['textDocument/didOpen', { textDocument: null }],
      ['textDocument/didChange', { textDocument: { uri, version: 'x' }, contentChanges: [{ text: 'a' }] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [null] }],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: 3 }, text: 'x' }] }],
      ['textDocument/didClose', { textDocument: { uri: {} } }],
      ['textDocument/didSave', null],
      ['boundwise/profileMeasurements', { script: '/x.py', wallMs: -1, sites: [null] }],
      ['boundwise/profileMeasurements', { script: '/x.py', wallMs: 5, sites: [{ file: uri, line: 1e12, call: 3, ms: NaN }] }],
      ['workspace/didChangeConfiguration', null],
      ['$/unknownNotification', { any: 'thing' }],
    ];
    // A round sends every one of them, a timed run a few at random.
    const chosen = this.isRound ? messages : Array.from({ length: 1 + this.int(4) }, () => this.pick(messages));
    for (const [method, params] of chosen) {
      this.doing = `malformed ${method} ${JSON.stringify(params).slice(0, 120)}`;
      await this.client.connection.sendNotification(method, params);
    }
    await this.answered('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    await this.answered('$/unknownRequest', {});
  }

  /** Settings with values a rule cannot use, then an edit session under them (in a round: each). */
  private async badSettings(): Promise<void> {
    const all: unknown[] = [
      { enable: 'yes', severity: { BW101: 'critical', BW102: 3 } },
      { enable: false },
      { severity: null },
      { severity: { BW101: 'off', BW2: 'error' } },
      42,
      null,
    ];
    for (const settings of this.isRound ? all : [this.pick(all)]) {
      this.client.settings = settings;
      this.doing = `settings ${JSON.stringify(settings)}`;
      await this.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await this.editSession(this.isRound ? 'small' : 'code', this.isRound ? 1 : 5);
    }
  }

  private async secondInitialize(): Promise<void> {
    this.doing = 'a second initialize';
    await this.answered('initialize', { processId: null, rootUri: 'file:///', workspaceFolders: [{ uri: 'file:///', name: 'root' }], capabilities: {} });
  }

  /** After every sequence: a fresh file gets its BW101 and its hover. */
  private async freshFileStillWorks(): Promise<void> {
    this.doing = 'checking a fresh file after the sequence';
    this.client.settings = SETTINGS;
    await this.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = `file:///tmp/boundwise-fuzz/check-${this.nextUri++}.py`;
    await this.client.open(uri, 'python', SLEEPY);
    const diagnostics = await this.client.diagnosticsFor(uri, ANSWER_MS);
    assert.deepEqual(diagnostics.map((d) => d.code), ['BW101'], 'a fresh file lost its BW101');
    const hover = await this.client.hover(uri, 3, 8);
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /BW101/, 'a fresh file lost its hover');
    await this.client.close(uri);
    assert.equal(this.client.exited, false, 'the server exited');
  }
}

/** p-th percentile of `values` (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/** The figures of a run, one line each. */
export function describeReport(r: FuzzReport): string {
  const ms = (x: number) => `${Math.round(x)} ms`;
  return [
    `fuzz: seed ${r.seed}, ${Math.round(r.wallSeconds)} s`,
    `  sequences ${r.sequences}, edits ${r.edits}, requests ${r.requests}`,
    `  edit to diagnostics: p50 ${ms(percentile(r.latencies, 50))}, p99 ${ms(percentile(r.latencies, 99))}, max ${ms(Math.max(...r.latencies))}`,
    `  server RSS: ${Math.round(r.rssStartMb)} MB at start, ${Math.round(r.rssEndMb)} MB at the end (peak ${Math.round(r.peakRssMb)} MB)`,
  ].join('\n');
}
