// JavaScript's and TypeScript's row of the language table (../languages): the typescript-estree
// front end, the Node catalogue, the module resolver (with tsconfig `paths`), quick fixes and the
// idioms its messages use (promises, `Promise.all`, worker threads).
import type { LanguageSupport } from '../languages';
import { PYTHON_COMPUTE } from '../python/catalogue';
import { jsAsyncTwin } from './asyncTwins';
import { javascriptCatalogue } from './catalogue';
import { mayRunOnEventLoop } from './context';
import { extractJsFacts, JS_SUPPRESSION } from './facts';
import { jsQuickFixes } from './fixes';
import { parseJsIncremental } from './incremental';
import { resolveJsRef } from './resolve';
import { pathAliasesFor } from './tsconfig';
import { workspacePackagesFor } from './workspacePackages';

export const JAVASCRIPT_SUPPORT: LanguageSupport = {
  ids: ['javascript', 'typescript'],
  extensions: {
    '.js': 'javascript',
    '.mjs': 'javascript',
    '.cjs': 'javascript',
    '.jsx': 'javascript',
    '.ts': 'typescript',
    '.mts': 'typescript',
    '.cts': 'typescript',
    '.tsx': 'typescript',
  },
  editorLanguageIds: { javascript: '.js', javascriptreact: '.jsx', typescript: '.ts', typescriptreact: '.tsx' },
  // The computing calls of Python's table, which JavaScript has always read (`xs.sort()`,
  // `m.get(k)`, `s.split()` are methods of JS values too); a table of its own would change findings.
  catalogue: javascriptCatalogue(PYTHON_COMPUTE),
  mayHoldFindings: mayRunOnEventLoop,
  // Re-parses only the statements an edit touched when this file was parsed before (editing).
  extractFacts: (file, text, language) => extractJsFacts(file, text, language, parseJsIncremental(text, file)),
  // A file's facts depend on its tsconfig `paths` and its monorepo's packages too.
  cacheKeyText: (file, text) => `${pathAliasesFor(file)?.signature ?? ''}\0${workspacePackagesFor(file)?.signature ?? ''}\0${text}`,
  resolveRef: resolveJsRef,
  quickFixes: jsQuickFixes,
  suppression: JS_SUPPRESSION,
  idioms: {
    insteadOf: (api) => api.instead,
    helperAdvice: () => 'Make the helper use the async API and await it, or run it in a worker thread',
    offloaded: (calleeText) => `the async form of \`${calleeText}\`, awaited, or a worker thread`,
    periodicYield: () => 'add `await new Promise(setImmediate)` every N iterations or move the work to a worker thread (piscina)',
    together: (_facts, requests) => (requests ? '`Promise.all` (with a concurrency limit for large batches)' : '`Promise.all`'),
  },
  // The promise twin (`fs.promises.x`, promisified `exec`), when there is one (./fixes).
  blockingFix: (api) => (jsAsyncTwin(api.name) ? 'async-api' : undefined),
  unknownCallsMayWait: false,
};
