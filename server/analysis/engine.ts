// The analysis entry point shared by the language server and the CLI:
// source text -> parse -> facts -> rules -> findings (configured and suppressed).
import * as path from 'node:path';
import { SEVERITIES } from './config';
import { SourceSyntaxError, SourceTooDeepError } from './frontEndErrors';
import { LANGUAGES, languageOfExtension, languageSupport, SOURCE_EXTENSIONS } from './languages';
import { RULES } from './rules/registry';
import type { RuleContext } from './rules/rule';
import { plainText } from './markdownText';
import { isSuppressed } from './suppressions';
import type { Finding, Language, Range, Severity, SourceFacts } from './types';
import { WorkspaceIndex } from './workspace/index';

export interface AnalysisOptions {
  /** Severity per code; 'off' disables the rule. */
  severity?: Record<string, Severity | 'off'>;
  /** Only these codes (or prefixes such as `BW1`). */
  select?: string[];
  /** Never these codes (or prefixes). */
  ignore?: string[];
  /** Calls to treat as blocking: canonical name -> code (`BW110` when the user gave none). */
  extraBlockingCalls?: Record<string, string>;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Set when the file could not be parsed at all (JS/TS); Python recovers around errors. */
  syntaxError?: { message: string; range: Range };
  /** Why the parser refused the file (its code is nested too deeply): nothing was analysed. */
  notAnalysed?: string;
}

/** The file name extensions analysed (`.py`, `.ts`, ...). */
export function sourceExtensions(): string[] {
  return [...SOURCE_EXTENSIONS];
}

export function languageOfFile(file: string): Language | undefined {
  return languageOfExtension(path.extname(file));
}

/** Loads the parsers; call once before `analyzeSource`. */
export async function initAnalysis(): Promise<void> {
  for (const language of LANGUAGES) await language.init?.();
}

/** False when `text` cannot hold a finding of its own: it has no async code (nor, in Python, a
 * hand-off to threads or processes). Its functions may still be links of another file's chain. */
export function mayHoldFindings(text: string, language: Language): boolean {
  return languageSupport(language).mayHoldFindings(text);
}

/** Facts of the parts of a file that can hold a finding and of the definitions named in
 * `alsoKeep` (qualified: `helper`, `Client.fetch`); `deferredNames` lists those left out
 * (./python/partial). The whole file's facts when nothing can be left out. `boundwise lint` reads
 * files this way; a language without `extractFactsOfFindingParts` (JavaScript, TypeScript) is
 * always read whole. */
export function extractFactsOfFindingParts(file: string, text: string, language: Language, alsoKeep: Iterable<string> = []): SourceFacts {
  return languageSupport(language).extractFactsOfFindingParts?.(file, text, alsoKeep) ?? extractFacts(file, text, language);
}

/** A file's facts. `editing`: the file is being edited (the language server), so its parse is
 * kept and the next one re-parses only what changed; the CLI and the workspace index parse whole. */
export function extractFacts(file: string, text: string, language: Language, editing = false): SourceFacts {
  return languageSupport(language).extractFacts(file, text, language, editing);
}

function matchesAny(code: string, patterns: string[] | undefined): boolean {
  return !!patterns?.some((p) => code.startsWith(p.trim().toUpperCase()));
}

/** The context rules read: the workspace (a one-file workspace when none is given) and the
 * configured extra blocking calls. */
export function ruleContext(facts: SourceFacts, options: AnalysisOptions, workspace?: WorkspaceIndex): RuleContext {
  const extraBlockingCalls = new Map(Object.entries(options.extraBlockingCalls ?? {}));
  let index = workspace;
  if (!index) {
    index = new WorkspaceIndex();
    index.set(facts);
  }
  index.setExtraBlockingCalls(extraBlockingCalls);
  return { workspace: index, extraBlockingCalls };
}

/** A finding with partial evidence is shown one level below its rule's (configured) severity, so
 * raising the rule raises it too, and at the default it stays out of the way. */
function oneLevelBelow(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)];
}

export function runRules(facts: SourceFacts, options: AnalysisOptions = {}, workspace?: WorkspaceIndex): Finding[] {
  const findings: Finding[] = [];
  const context = ruleContext(facts, options, workspace);
  for (const rule of RULES) {
    const severity = options.severity?.[rule.code] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (options.select?.length && !matchesAny(rule.code, options.select)) continue;
    if (matchesAny(rule.code, options.ignore)) continue;
    for (const raw of rule.check(facts, context)) {
      // Rules write Markdown; the message every plain surface shows is its text (./markdownText).
      const finding: Finding = {
        ...raw,
        message: plainText(raw.message),
        messageMarkdown: raw.message,
        ...(raw.related ? { related: raw.related.map((r) => ({ ...r, message: plainText(r.message) })) } : {}),
        code: rule.code,
        family: rule.family,
        severity: raw.partialEvidence ? oneLevelBelow(severity) : severity,
        file: facts.file,
      };
      if (!isSuppressed(finding, facts.suppressions)) findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Analyses one text. With a workspace, the file's facts replace its entry there first, so other
 * files' helpers are seen (BW110) and the file's own helpers are seen by the others. */
export function analyzeSource(file: string, text: string, language: Language, options: AnalysisOptions = {}, workspace?: WorkspaceIndex): AnalysisResult {
  try {
    const facts = extractFacts(file, text, language, true);
    workspace?.set(facts);
    return { findings: runRules(facts, options, workspace) };
  } catch (error) {
    if (error instanceof SourceSyntaxError) return { findings: [], syntaxError: { message: error.message, range: error.range } };
    if (error instanceof SourceTooDeepError) return { findings: [], notAnalysed: error.message };
    throw error;
  }
}
