// Python's row of the language table (../languages): the tree-sitter front end, its catalogue,
// import resolver, quick fixes and the idioms its messages use (asyncio, trio or anyio, whichever
// the module is written for).
import type { LanguageSupport } from '../languages';
import { mayHoldPythonFindings, PYTHON_CATALOGUE } from './catalogue';
import { extractPartialPythonFacts, extractPythonFacts, PYTHON_SUPPRESSION } from './facts';
import { pythonQuickFixes } from './fixes';
import { adviceFor, idiomsOf } from './framework';
import { parsePythonIncremental } from './incremental';
import { initPythonParser, parsePython } from './parser';
import { parsePythonPartial } from './partial';
import { resolvePythonRef } from './resolve';

export const PYTHON_SUPPORT: LanguageSupport = {
  ids: ['python'],
  extensions: { '.py': 'python', '.pyi': 'python' },
  editorLanguageIds: { python: '.py' },
  catalogue: PYTHON_CATALOGUE,
  init: initPythonParser,
  mayHoldFindings: mayHoldPythonFindings,
  extractFacts(file, text, _language, editing) {
    const parsed = editing ? parsePythonIncremental(text, file) : parsePython(text);
    try {
      return extractPythonFacts(file, text, parsed);
    } finally {
      parsed.dispose();
    }
  },
  extractFactsOfFindingParts(file, text, alsoKeep) {
    // Definitions left out that assign attributes the code parsed reads are kept in the next try.
    const requested = new Set(alsoKeep);
    for (let attempt = 0; attempt < 3; attempt++) {
      const parsed = parsePythonPartial(text, { holdsFindings: mayHoldPythonFindings, requested });
      if (!parsed) break;
      const result = extractPartialPythonFacts(file, text, parsed);
      if ('facts' in result) return result.facts;
      for (const name of result.readsDeferred) requested.add(name);
    }
    return undefined;
  },
  cacheKeyText: (_file, text) => text,
  resolveRef: resolvePythonRef,
  quickFixes: pythonQuickFixes,
  suppression: PYTHON_SUPPRESSION,
  idioms: {
    insteadOf: (api, facts) => adviceFor(api.code, api.instead, facts.asyncFramework),
    helperAdvice: (calleeText, facts) => `Use \`await ${idiomsOf(facts).toThread}(${calleeText}, ...)\``,
    offloaded: (calleeText, facts) => `\`await ${idiomsOf(facts).toThread}(${calleeText}, ...)\``,
    periodicYield: (facts) => `add \`await ${idiomsOf(facts).sleep}(0)\` every N iterations or move the work to a process pool`,
    together: (facts) => idiomsOf(facts).together,
  },
  blockingFix: (api) => api.fix ?? 'to-thread',
  helperFix: 'to-thread',
  unknownCallsMayWait: true,
};
