// The Boundwise language server. Runs under the VS Code client (IPC) or any LSP client
// (`boundwise lsp --stdio`).
import { pathToFileURL } from 'node:url';
import { CodeActionKind, createConnection, DidChangeWatchedFilesNotification, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../analysis/engine';
import { WorkspaceIndex } from '../analysis/workspace/index';
import { ProfileMeasurementsNotification, StatusNotification } from '../protocol';
import { codeActionsFor } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { DocumentAnalyzer } from './documentAnalyzer';
import { keepServingOnUncaughtErrors, listenForDocuments, logFailures } from './guard';
import { hoverAt } from './hover';
import { Measurements } from './measurements';
import { SettingsCache } from './settings';
import { filePathOf, pathOfUri } from './uris';
import { fileWatchers, WatchedFiles } from './watchedFiles';
import { indexFiles, indexWorkspace, reportSkipped, restoreSavedFile } from './workspaceIndexer';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const logError = (message: string) => connection.console.error(message);
  keepServingOnUncaughtErrors(logError);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const ready = initAnalysis();
  const openedVersion = new Map<string, number>();
  let workspace = new WorkspaceIndex();
  let workspaceRoots: string[] = [];
  const openDocumentFor = (file: string) => documents.get(pathToFileURL(file).href);

  const analyzer = new DocumentAnalyzer({
    settingsFor: (uri) => settings.get(uri),
    publish: (uri, findings) => void connection.sendDiagnostics({ uri, diagnostics: findings.map(toDiagnostic) }),
    status: (params) => {
      void connection.sendNotification(StatusNotification, params);
      if (params.state !== 'ok') connection.console.info(`${params.uri}: ${params.message}`);
    },
    logError,
    get workspace() {
      return workspace;
    },
    openDocumentFor,
  });

  // Files changed on disk outside the editor, once the start-up index is built.
  let markIndexed = () => {};
  const indexed = new Promise<void>((resolve) => (markIndexed = resolve));
  const watched = new WatchedFiles({
    get workspace() {
      return workspace;
    },
    indexed,
    isOpen: (file) => !!openDocumentFor(file),
    openFiles: () => documents.all().flatMap((document) => filePathOf(document.uri) ?? []),
    indexFiles: (files, problems) => indexFiles(workspace, files, problems),
    recheck: (files) => {
      for (const file of files) {
        const open = openDocumentFor(file);
        if (open) analyzer.schedule(open);
      }
    },
    reportSkipped: (problems) => reportSkipped(connection, problems, 'left out of its index, changed on disk,'),
    logInfo: (message) => connection.console.info(message),
    logError,
  });
  let watchFiles = false;
  /** The client can watch a file outside the workspace folders (a relative pattern). */
  let watchOutside = false;

  let initialized = false;
  connection.onInitialize((params) => {
    // The protocol allows one: a second would reset the workspace root (to `/` for rootUri "file:///").
    if (initialized) return new ResponseError(ErrorCodes.InvalidRequest, 'Boundwise is already initialized; this second initialize request changes nothing.');
    initialized = true;
    settings.configure(!!params.capabilities?.workspace?.configuration, params.initializationOptions);
    const folders = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri) : [params.rootUri];
    workspaceRoots = [];
    for (const uri of folders) {
      if (typeof uri !== 'string') continue;
      const named = pathOfUri(uri);
      if ('path' in named) workspaceRoots.push(named.path);
      else if ('problem' in named) logError(`Boundwise does not index the workspace folder ${uri}: ${named.problem}.`);
    }
    workspace = new WorkspaceIndex(workspaceRoots);
    watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    watchOutside = params.capabilities?.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'boundwise' },
    };
  });

  // The workspace call graph is built in the background; open documents are re-checked once it is.
  connection.onInitialized(() => {
    void indexWorkspace(connection, workspace, workspaceRoots, (file) => !!openDocumentFor(file), () => {
      for (const document of documents.all()) analyzer.schedule(document, true);
    })
      .catch((error: unknown) => connection.console.error(`Indexing the workspace failed: ${(error as Error).stack ?? error}`))
      .finally(markIndexed);
    // Clients that cannot be asked may still send the notification (a client's own configuration).
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: fileWatchers(watchOutside ? watched.rulesAbove().keys() : []) }).catch((error: unknown) => logError(`Boundwise could not ask the editor to report files changed on disk: ${(error as Error)?.message ?? error}; files changed outside the editor are seen once they are opened.`));
  });

  connection.onDidChangeWatchedFiles(
    logFailures('workspace/didChangeWatchedFiles', logError, undefined, (params) => {
      if (!Array.isArray(params?.changes)) {
        logError('Boundwise ignored a workspace/didChangeWatchedFiles notification: its changes is not a list.');
        return;
      }
      const malformed = params.changes.filter((c: unknown) => typeof (c as { uri?: unknown } | null)?.uri !== 'string');
      if (malformed.length) logError(`Boundwise ignored ${malformed.length} of the changes of a workspace/didChangeWatchedFiles notification: a change without a uri (${JSON.stringify(malformed[0])?.slice(0, 200)}).`);
      watched.add(params.changes.filter((c) => !malformed.includes(c)));
    }),
  );

  connection.onDidChangeConfiguration(
    logFailures('workspace/didChangeConfiguration', logError, undefined, (change) => {
      settings.invalidate();
      const pushed = (change?.settings as { boundwise?: unknown } | undefined)?.boundwise;
      if (pushed) settings.setFallback(pushed);
      for (const document of documents.all()) analyzer.schedule(document, true);
    }),
  );

  // TextDocuments reports an open as a content change too: analyse the first version at once,
  // debounce the edits that follow.
  documents.onDidChangeContent((e) => void ready.then(() => analyzer.schedule(e.document, e.document.version === openedVersion.get(e.document.uri))).catch((error: unknown) => logError(`Boundwise could not analyse ${e.document.uri}: ${(error as Error)?.stack ?? error}`)));
  documents.onDidOpen((e) => openedVersion.set(e.document.uri, e.document.version));
  documents.onDidClose((e) => {
    openedVersion.delete(e.document.uri);
    settings.invalidate(e.document.uri);
    analyzer.forget(e.document.uri);
    const file = filePathOf(e.document.uri);
    if (file) {
      if (workspace.hasFile(file)) {
        restoreSavedFile(workspace, file);
        for (const dependent of workspace.dependentsOf(file)) {
          const open = openDocumentFor(dependent);
          if (open) analyzer.schedule(open);
        }
      }
    }
  });

  connection.onCodeAction(logFailures('textDocument/codeAction', logError, [], (params) => codeActionsFor(params, documents.get(params.textDocument.uri), analyzer.get(params.textDocument.uri))));

  const measurements = new Measurements();
  connection.onNotification(
    ProfileMeasurementsNotification,
    logFailures(ProfileMeasurementsNotification.method, logError, undefined, (params: unknown) => {
      const problem = measurements.record(params);
      if (problem) logError(`Boundwise ignored a ${ProfileMeasurementsNotification.method} notification: ${problem}.`);
    }),
  );
  connection.onHover(
    logFailures('textDocument/hover', logError, null, (params) => {
      const uri = params.textDocument.uri;
      return hoverAt(analyzer.get(uri), params.position, filePathOf(uri), measurements);
    }),
  );

  listenForDocuments(documents, connection, logError);
  connection.listen();
}

if (require.main === module) startServer();
