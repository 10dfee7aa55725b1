// Analyses open documents as they change (debounced), remembers the findings each one shows,
// and never lets one bad file stop the server: a crash, a syntax error, a huge or binary file
// each becomes one status message, and the last good findings stay.
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeOptions, projectConfigFor } from '../analysis/config';
import { analyzeSource, languageOfFile, type AnalysisOptions } from '../analysis/engine';
import { EDITOR_LANGUAGE_IDS } from '../analysis/languages';
import { carryFindings } from '../analysis/js/stale';
import { forgetPythonParse } from '../analysis/python/incremental';
import { reasonToSkip } from '../analysis/lintFiles';
import type { Finding, Language } from '../analysis/types';
import type { WorkspaceIndex } from '../analysis/workspace/index';
import { describeExclusion, Exclusions } from '../files/exclusions';
import { takeConfigProblems } from '../files/readLimited';
import type { BoundwiseSettings, StatusParams } from '../protocol';
import { filePathOf, pathOfUri } from './uris';

/** Larger documents are not analysed as they are edited: an edit's diagnostics stay under 2 s up
 * to this size whatever the file's syntax (bench/lsp-edit-latency.mjs); `boundwise lint` still
 * reads files up to 5 MB. */
export const MAX_EDITED_CHARS = 1 << 20;


export interface AnalyzedDocument {
  language: Language;
  findings: Finding[];
  /** The text the findings were computed from (the last text that parsed), when known. */
  text?: string;
}

export interface DocumentAnalyzerHost {
  settingsFor(uri: string): Promise<BoundwiseSettings>;
  publish(uri: string, findings: Finding[]): void;
  status(params: StatusParams): void;
  logError(message: string): void;
  /** The workspace call graph shared by every document (BW110 across files). */
  workspace?: WorkspaceIndex;
  /** Open documents by file path, to re-check those that depend on a changed file. */
  openDocumentFor?(file: string): TextDocument | undefined;
}

/** What language a document is in: its languageId, or (for clients that send none or their own
 * ids, such as Neovim without filetype detection or Helix's `tsx`) its file extension. */
function documentKind(document: TextDocument): { language: Language; extension: string } | undefined {
  const known = EDITOR_LANGUAGE_IDS.get(document.languageId);
  if (known) return known;
  const extension = path.extname(document.uri.replace(/[?#].*$/, '')).toLowerCase();
  const language = languageOfFile(`x${extension}`);
  return language ? { language, extension } : undefined;
}


export class DocumentAnalyzer {
  private readonly results = new Map<string, AnalyzedDocument>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastState = new Map<string, StatusParams['state']>();
  /** Documents closed since they were scheduled: a run still in flight must not publish for them. */
  private readonly closed = new Set<string>();
  /** While a JS/TS file does not parse: the last good findings as moved to the current text. */
  private readonly shown = new Map<string, Finding[]>();
  /** `file:` URIs that name no local path, already logged once. */
  private readonly pathless = new Set<string>();

  constructor(private readonly host: DocumentAnalyzerHost, private readonly debounceMs = 30) {}

  /** The findings currently shown for a document. */
  get(uri: string): AnalyzedDocument | undefined {
    const result = this.results.get(uri);
    const shown = this.shown.get(uri);
    return result && shown ? { ...result, findings: shown } : result;
  }

  schedule(document: TextDocument, immediately = false): void {
    this.closed.delete(document.uri);
    clearTimeout(this.timers.get(document.uri));
    if (immediately) {
      this.analyzeLogged(document);
      return;
    }
    this.timers.set(document.uri, setTimeout(() => this.analyzeLogged(document), this.debounceMs));
  }

  /** Analyses in the background: a failure is logged for its document, never thrown. */
  private analyzeLogged(document: TextDocument, recheckDependents = true): void {
    this.analyze(document, recheckDependents).catch((error: unknown) => this.host.logError(`Analysis of ${document.uri} failed: ${(error as Error)?.stack ?? error}`));
  }

  forget(uri: string): void {
    // The kept parse of a closed Python document (the next open parses whole).
    const file = filePathOf(uri);
    if (file) forgetPythonParse(file);
    this.pathless.delete(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.results.delete(uri);
    this.shown.delete(uri);
    this.lastState.delete(uri);
    this.closed.add(uri);
    this.host.publish(uri, []);
  }

  async analyze(document: TextDocument, recheckDependents = true): Promise<void> {
    this.timers.delete(document.uri);
    const kind = documentKind(document);
    if (!kind) return;
    const version = document.version;
    const settings = await this.host.settingsFor(document.uri);
    // Closed, or edited again, while we waited for settings: the newer run (if any) publishes.
    if (this.closed.has(document.uri) || document.version !== version) return;
    if (!settings.enable) {
      this.results.set(document.uri, { language: kind.language, findings: [] });
      this.host.publish(document.uri, []);
      return;
    }
    const text = document.getText();
    const why = reasonToSkip(text, MAX_EDITED_CHARS);
    if (why) {
      this.skip(document.uri, kind.language, why);
      return;
    }
    // The file's path; a document without one (untitled, or a URI Node cannot turn into a path) is
    // analysed on its own, under a stand-in name with its extension.
    const named = pathOfUri(document.uri);
    const file = 'path' in named ? named.path : undefined;
    if ('problem' in named && !this.pathless.has(document.uri)) {
      this.pathless.add(document.uri);
      this.host.logError(`${document.uri}: ${named.problem}; Boundwise analyses it on its own, without the project's configuration or the other files of the workspace.`);
    }
    // An excluded file (`exclude`, or a folder skipped by default) gets no diagnostics even when
    // open, as in ruff's server; its folders are judged up to the workspace folder that holds it.
    const excluded = file && new Exclusions().excludedPath(file, this.host.workspace?.roots.find((root) => file.startsWith(root + path.sep)));
    if (excluded) {
      this.skip(document.uri, kind.language, describeExclusion(excluded));
      return;
    }
    // The project's .boundwise.json / package.json / pyproject.toml, with the editor's settings on top.
    let result;
    try {
      const project = file ? projectConfigFor(file) : {};
      const options: AnalysisOptions = mergeOptions(project, { severity: settings.severity });
      result = analyzeSource(file ?? `untitled${kind.extension}`, text, kind.language, options, file ? this.host.workspace : undefined);
    } catch (error) {
      this.host.logError(`Analysis of ${document.uri} failed: ${(error as Error).stack ?? error}`);
      this.setStatus(document.uri, 'failed', 'Boundwise could not analyse this file (see the Boundwise output); earlier findings are kept.');
      return;
    } finally {
      // Configuration files (project settings, tsconfig.json) that exist but could not be read.
      for (const problem of takeConfigProblems()) this.host.logError(`${problem.file}: ${problem.message}`);
    }
    if (result.notAnalysed) {
      this.skip(document.uri, kind.language, result.notAnalysed);
      return;
    }
    if (result.syntaxError) {
      const line = result.syntaxError.range.start.line + 1;
      this.setStatus(document.uri, 'syntax-error', `Syntax error on line ${line}: showing the last findings on unchanged lines; the file is re-checked once it parses.`);
      // The last good findings, moved past the lines edited since, and dropped on those lines.
      const last = this.results.get(document.uri);
      if (last?.text !== undefined) {
        const carried = carryFindings(last.text, text, last.findings);
        this.host.publish(document.uri, carried);
        this.shown.set(document.uri, carried);
      }
      return;
    }
    this.setStatus(document.uri, 'ok', '');
    this.shown.delete(document.uri);
    this.results.set(document.uri, { language: kind.language, findings: result.findings, text });
    this.host.publish(document.uri, result.findings);
    if (recheckDependents) this.recheckDependents(document);
  }

  /** An edit in `helpers.py` changes what `service.py` reaches: re-check the open documents that
   * import the edited file, directly or through others. */
  recheckDependents(document: TextDocument): void {
    const workspace = this.host.workspace;
    const edited = filePathOf(document.uri);
    if (!workspace || !edited) return;
    for (const file of workspace.dependentsOf(edited)) {
      const dependent = this.host.openDocumentFor?.(file);
      if (dependent && dependent.uri !== document.uri) this.analyzeLogged(dependent, false);
    }
  }

  /** Shows no findings for a document Boundwise did not analyse, and says why in the status. */
  private skip(uri: string, language: Language, why: string): void {
    this.setStatus(uri, 'skipped', `Boundwise did not analyse this file: ${why}.`);
    this.results.set(uri, { language, findings: [] });
    this.host.publish(uri, []);
  }

  private setStatus(uri: string, state: StatusParams['state'], message: string): void {
    if (this.lastState.get(uri) === state && state === 'ok') return;
    this.lastState.set(uri, state);
    this.host.status({ uri, state, message });
  }
}
