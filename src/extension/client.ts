// Starts the bundled language server over IPC. vscode-languageclient restarts it when it
// crashes (up to 4 times in 3 minutes) and keeps its log in the "Boundwise" output channel.
import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from './contributes';

export const DOCUMENT_SELECTOR = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

export function createLanguageClient(context: ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: SETTINGS_SECTION },
  };
  return new LanguageClient('boundwise', 'Boundwise', serverOptions, clientOptions);
}
