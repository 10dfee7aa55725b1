// Bad input from a client must not take the server down: every notification is checked before the
// document store sees it, every handler's failure is logged and answered with a neutral result
// (null, no actions), and what still escapes (an async failure) is logged by a last-resort
// handler while the server keeps serving.
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isRange } from '../analysis/types';

type Log = (message: string) => void;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

/** What is wrong with a notification's `textDocument` (undefined: nothing). */
function documentProblem(params: unknown, needs: { text?: boolean; version?: boolean }): string | undefined {
  const td = isRecord(params) ? params.textDocument : undefined;
  if (!isRecord(td)) return 'it has no textDocument';
  if (typeof td.uri !== 'string') return `its uri is not a string (${JSON.stringify(td.uri)})`;
  if (needs.text && typeof td.text !== 'string') return `the text of ${td.uri} is not a string`;
  if (needs.version && !Number.isInteger(td.version)) return `the version of ${td.uri} is not an integer`;
  return undefined;
}

function changesProblem(params: Record<string, unknown>): string | undefined {
  const changes = params.contentChanges;
  if (!Array.isArray(changes)) return 'its contentChanges is not a list';
  const bad = changes.find((c: unknown) => !isRecord(c) || typeof c.text !== 'string' || (c.range !== undefined && !isRange(c.range)));
  return bad === undefined ? undefined : `a content change is malformed (${JSON.stringify(bad)?.slice(0, 200)})`;
}

const PROBLEMS: Record<string, (params: unknown) => string | undefined> = {
  'textDocument/didOpen': (p) => documentProblem(p, { text: true }),
  'textDocument/didChange': (p) => documentProblem(p, { version: true }) ?? changesProblem(p as Record<string, unknown>),
  'textDocument/didClose': (p) => documentProblem(p, {}),
  'textDocument/willSave': (p) => documentProblem(p, {}),
  'textDocument/didSave': (p) => documentProblem(p, {}),
};

/** The document a request or notification is about, to name it in a log. */
function documentOf(params: unknown): string {
  const td = isRecord(params) ? params.textDocument : undefined;
  return isRecord(td) ? ` for ${JSON.stringify(td.uri)}` : '';
}

/** `handler`, answering `fallback` and logging instead of throwing (a rejected promise too). */
export function logFailures<P, R>(method: string, log: Log, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => R | Promise<R> {
  return (params: P) => {
    const fail = (error: unknown) => {
      log(`Boundwise could not handle ${method}${documentOf(params)}: ${(error as Error)?.stack ?? error}`);
      return fallback;
    };
    try {
      const result = handler(params);
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  };
}

/** Listens for the documents of `connection` into `documents`, dropping (with a logged error)
 * the notifications whose parameters are malformed instead of letting them corrupt the store or
 * throw. */
export function listenForDocuments(documents: TextDocuments<TextDocument>, connection: Connection, log: Log): void {
  const checked =
    <P>(method: string, on: (handler: (params: P) => void) => unknown) =>
    (handler: (params: P) => void) =>
      on(
        logFailures(method, log, undefined, (params: P) => {
          const problem = PROBLEMS[method]?.(params);
          if (problem) log(`Boundwise ignored a ${method} notification: ${problem}.${method === 'textDocument/didChange' ? ' The server may now hold another text than the editor: close and reopen the document.' : ''}`);
          else handler(params);
        }),
      );
  documents.listen({
    onDidOpenTextDocument: checked('textDocument/didOpen', (h) => connection.onDidOpenTextDocument(h)),
    onDidChangeTextDocument: checked('textDocument/didChange', (h) => connection.onDidChangeTextDocument(h)),
    onDidCloseTextDocument: checked('textDocument/didClose', (h) => connection.onDidCloseTextDocument(h)),
    onWillSaveTextDocument: checked('textDocument/willSave', (h) => connection.onWillSaveTextDocument(h)),
    // A request this server does not announce (willSaveWaitUntil): jsonrpc answers a failure with an error.
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    onDidSaveTextDocument: checked('textDocument/didSave', (h) => connection.onDidSaveTextDocument(h)),
  } as Parameters<TextDocuments<TextDocument>['listen']>[0]);
}

/** The last resort: an error nothing else caught is logged, and the server goes on serving. */
export function keepServingOnUncaughtErrors(log: Log): void {
  process.on('uncaughtException', (error) => log(`Boundwise caught an unexpected error and keeps serving: ${error?.stack ?? error}`));
  process.on('unhandledRejection', (reason) => log(`Boundwise caught an unexpected failure and keeps serving: ${(reason as Error)?.stack ?? reason}`));
}
