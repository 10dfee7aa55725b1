// The Boundwise language server. Runs under the VS Code client (IPC) or any LSP client
// (`boundwise lsp --stdio`).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../analysis/engine';
import { WorkspaceIndex } from '../analysis/workspace/index';
import { PROFILE_MEASUREMENTS_NOTIFICATION, STATUS_NOTIFICATION, type ProfileMeasurementsParams } from '../protocol';
import { codeActionsFor } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { DocumentAnalyzer } from './documentAnalyzer';
import { hoverAt } from './hover';
import { Measurements } from './measurements';
import { SettingsCache } from './settings';
import { indexWorkspace, restoreSavedFile } from './workspaceIndexer';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
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
      void connection.sendNotification(STATUS_NOTIFICATION, params);
      if (params.state !== 'ok') connection.console.info(`${params.uri}: ${params.message}`);
    },
    logError: (message) => connection.console.error(message),
    get workspace() {
      return workspace;
    },
    openDocumentFor,
  });

  connection.onInitialize((params) => {
    settings.configure(!!params.capabilities.workspace?.configuration, params.initializationOptions);
    workspaceRoots = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : [])
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u));
    workspace = new WorkspaceIndex(workspaceRoots);
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
    }).catch((error: unknown) => connection.console.error(`Indexing the workspace failed: ${(error as Error).stack ?? error}`));
  });

  connection.onDidChangeConfiguration((change) => {
    settings.invalidate();
    const pushed = (change.settings as { boundwise?: unknown } | undefined)?.boundwise;
    if (pushed) settings.setFallback(pushed);
    for (const document of documents.all()) analyzer.schedule(document, true);
  });

  // TextDocuments reports an open as a content change too: analyse the first version at once,
  // debounce the edits that follow.
  documents.onDidChangeContent((e) => void ready.then(() => analyzer.schedule(e.document, e.document.version === openedVersion.get(e.document.uri))));
  documents.onDidOpen((e) => openedVersion.set(e.document.uri, e.document.version));
  documents.onDidClose((e) => {
    openedVersion.delete(e.document.uri);
    settings.invalidate(e.document.uri);
    analyzer.forget(e.document.uri);
    if (e.document.uri.startsWith('file:')) {
      const file = fileURLToPath(e.document.uri);
      if (workspace.hasFile(file)) {
        restoreSavedFile(workspace, file);
        for (const dependent of workspace.dependentsOf(file)) {
          const open = openDocumentFor(dependent);
          if (open) analyzer.schedule(open);
        }
      }
    }
  });

  connection.onCodeAction((params) => codeActionsFor(params, documents.get(params.textDocument.uri), analyzer.get(params.textDocument.uri)));

  const measurements = new Measurements();
  connection.onNotification(PROFILE_MEASUREMENTS_NOTIFICATION, (params: ProfileMeasurementsParams) => measurements.record(params));
  connection.onHover((params) => {
    const uri = params.textDocument.uri;
    return hoverAt(analyzer.get(uri), params.position, uri.startsWith('file:') ? fileURLToPath(uri) : undefined, measurements);
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
