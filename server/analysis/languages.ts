// One seam per language: everything that differs between Python and JavaScript/TypeScript is a
// field of a LanguageSupport object (its folder's language.ts), and LANGUAGES is the one table that
// lists them. The engine, the linter, the workspace index, the quick fixes and the rules ask this
// table; none of them names a language. Adding a language is a folder with its front end and a
// row here (CONTRIBUTING.md, "Adding a language").
import type { BlockingApi, Catalogue } from './catalogue';
import { JAVASCRIPT_SUPPORT } from './js/language';
import { PYTHON_SUPPORT } from './python/language';
import type { SuppressionSyntax } from './suppressions';
import type { FixKind, Finding, Language, QuickFix, SourceFacts } from './types';
import type { RefResolver } from './workspace/resolve';

/** How a language's messages say what to do. `facts` tells which async library a module uses. */
export interface MessageIdioms {
  /** A blocking call's advice: the catalogue entry's `instead`, as the module's library says it. */
  insteadOf(api: BlockingApi, facts: SourceFacts): string;
  /** BW110: what to do about a call of a helper that blocks (starts the message, capitalised). */
  helperAdvice(calleeText: string, facts: SourceFacts): string;
  /** BW110: a call that `extraBlockingCalls` names: what to write instead (Markdown code). */
  offloaded(calleeText: string, facts: SourceFacts): string;
  /** BW201: how a loop gives the event loop back, or where its work goes (lower case). */
  periodicYield(facts: SourceFacts): string;
  /** BW302: how to start awaits together; `requests`: for one request per item. */
  together(facts: SourceFacts, requests: boolean): string;
}

export interface LanguageSupport {
  /** The language ids it serves (`javascript` and `typescript` share one front end). */
  ids: readonly Language[];
  /** File name extension (lower case, with the dot) -> language id. */
  extensions: Readonly<Record<string, Language>>;
  /** Editor language ids (LSP `languageId`) -> the extension a document of that id is read as. */
  editorLanguageIds: Readonly<Record<string, string>>;
  catalogue: Catalogue;
  /** Loads what the front end needs (a parser) before the first file. */
  init?(): Promise<void>;
  /** False when `text` cannot hold a finding of its own (no async code, no hand-off). */
  mayHoldFindings(text: string): boolean;
  /** A file's facts. `editing`: the language server re-parses only what changed. */
  extractFacts(file: string, text: string, language: Language, editing: boolean): SourceFacts;
  /** Facts of the parts that can hold a finding and of the definitions named in `alsoKeep`, or
   * undefined when the language reads files whole (see engine.extractFactsOfFindingParts). */
  extractFactsOfFindingParts?(file: string, text: string, alsoKeep: Iterable<string>): SourceFacts | undefined;
  /** The text the facts cache hashes: the file's text, and whatever else its facts depend on
   * (JS/TS: its tsconfig `paths`). */
  cacheKeyText(file: string, text: string): string;
  /** Which workspace file (and name in it) a reference made in a file points at. */
  resolveRef: RefResolver;
  /** Every fix for a finding in a file's current text: the rewrites, then the suppression comment. */
  quickFixes(file: string, text: string, finding: Finding): QuickFix[];
  suppression: SuppressionSyntax;
  idioms: MessageIdioms;
  /** The quick fix a finding on a blocking call offers, if any. */
  blockingFix(api: BlockingApi): FixKind | undefined;
  /** The quick fix a finding on a call of a blocking helper offers, if any. */
  helperFix?: FixKind;
  /** A sync call the catalogue does not know may wait on I/O: in Python any library may read a
   * socket, so only a loop made of known computation is CPU work; in Node, sync I/O is the rare
   * `*Sync` API the catalogue lists. */
  unknownCallsMayWait: boolean;
}

/** The table: one row per language front end. */
export const LANGUAGES: readonly LanguageSupport[] = [PYTHON_SUPPORT, JAVASCRIPT_SUPPORT];

const BY_ID = new Map(LANGUAGES.flatMap((l) => l.ids.map((id) => [id, l] as const)));
const BY_EXTENSION = new Map(LANGUAGES.flatMap((l) => Object.entries(l.extensions)));

export function languageSupport(language: Language): LanguageSupport {
  const found = BY_ID.get(language);
  if (!found) throw new Error(`no language support for '${language}'`);
  return found;
}

/** The language of a file by its extension, if Boundwise analyses it. */
export function languageOfExtension(extension: string): Language | undefined {
  return BY_EXTENSION.get(extension.toLowerCase());
}

/** The file name extensions analysed (`.py`, `.ts`, ...). */
export const SOURCE_EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()];

/** Every language id (`python`, `javascript`, `typescript`). */
export const LANGUAGE_IDS: ReadonlySet<string> = new Set(BY_ID.keys());

/** Editor language id -> language and the extension its documents are read as. */
export const EDITOR_LANGUAGE_IDS: ReadonlyMap<string, { language: Language; extension: string }> = new Map(
  LANGUAGES.flatMap((l) => Object.entries(l.editorLanguageIds).map(([id, extension]) => [id, { language: l.extensions[extension], extension }] as const)),
);

export function catalogueOf(language: Language): Catalogue {
  return languageSupport(language).catalogue;
}

/** The entry for a canonical call name (Python also finds methods through supertypes and types
 * whose every method blocks). */
export function lookupBlockingApi(language: Language, target: string): BlockingApi | undefined {
  return catalogueOf(language).lookup(target);
}
