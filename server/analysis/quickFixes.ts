// The quick fixes of a finding, for the editor's light bulb (server/lsp/codeActions.ts) and for
// `boundwise lint --fix`: each language's provider (its LanguageSupport), and the one place that
// says which fixes are safe.
import { languageSupport } from './languages';
import type { Finding, FixKind, Language, QuickFix } from './types';

/** Every fix for `finding` in `text` (its file's current text): the rewrites, then the
 * suppression comment. */
export function quickFixes(language: Language, file: string, text: string, finding: Finding): QuickFix[] {
  return languageSupport(language).quickFixes(file, text, finding);
}

/** Safe fixes keep what the code does and only stop it from blocking: `--fix` applies them without
 * asking, like ruff's safe fixes. The others change when or where code runs, which the author of
 * the code has to judge (they are offered in the editor and by `--unsafe-fixes`). */
export const FIX_IS_SAFE: Record<FixKind, boolean> = {
  // `await asyncio.sleep(n)` waits as long as `time.sleep(n)`, letting other tasks run meanwhile.
  'async-sleep': true,
  // Runs the call on another thread: safe only if the callee is thread-safe.
  'to-thread': false,
  // Lets other tasks run between iterations, which may then see state the loop half updated.
  'periodic-yield': false,
  // Starts the awaits together: their side effects no longer happen in order.
  gather: false,
  // Makes a sync handler async and moves its errors to a rejected promise.
  'async-api': false,
};

/** The rewrite `--fix` may apply for `finding` (never the suppression comment), if any. */
export function automaticFix(language: Language, file: string, text: string, finding: Finding, unsafe: boolean): QuickFix | undefined {
  const kind = finding.data?.fix;
  if (!kind || !(unsafe || FIX_IS_SAFE[kind])) return undefined;
  return quickFixes(language, file, text, finding).find((f) => f.isPreferred);
}
