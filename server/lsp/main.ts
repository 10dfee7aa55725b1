// The Boundwise language server. Runs under the VS Code client (IPC) or any LSP client
// (`boundwise lsp --stdio`).
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../analysis/engine';
import { STATUS_NOTIFICATION } from '../protocol';
import { toDiagnostic } from './diagnostics';
import { DocumentAnalyzer } from './documentAnalyzer';
import { hoverAt } from './hover';
import { SettingsCache } from './settings';

export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const ready = initAnalysis();
  const openedVersion = new Map<string, number>();

  const analyzer = new DocumentAnalyzer({
    settingsFor: (uri) => settings.get(uri),
    publish: (uri, findings) => void connection.sendDiagnostics({ uri, diagnostics: findings.map(toDiagnostic) }),
    status: (params) => {
      void connection.sendNotification(STATUS_NOTIFICATION, params);
      if (params.state !== 'ok') connection.console.info(`${params.uri}: ${params.message}`);
    },
    logError: (message) => connection.console.error(message),
  });

  connection.onInitialize((params) => {
    settings.configure(!!params.capabilities.workspace?.configuration, params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
      },
      serverInfo: { name: 'boundwise' },
    };
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
  });

  connection.onHover((params) => hoverAt(analyzer.get(params.textDocument.uri), params.position));

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
