// The analysis entry point shared by the language server and the CLI:
// source text -> parse -> facts -> rules -> findings (configured and suppressed).
import * as path from 'node:path';
import { extractJsFacts, JsSyntaxError, parseJs } from './js/facts';
import { extractPythonFacts } from './python/facts';
import { initPythonParser, parsePython } from './python/parser';
import { RULES } from './rules/registry';
import { isSuppressed } from './suppressions';
import type { Finding, Language, Range, Severity, SourceFacts } from './types';

export interface AnalysisOptions {
  /** Severity per code; 'off' disables the rule. */
  severity?: Record<string, Severity | 'off'>;
  /** Only these codes (or prefixes such as `BW1`). */
  select?: string[];
  /** Never these codes (or prefixes). */
  ignore?: string[];
}

export interface AnalysisResult {
  findings: Finding[];
  /** Set when the file could not be parsed at all (JS/TS); Python recovers around errors. */
  syntaxError?: { message: string; range: Range };
}

const EXTENSIONS: Record<string, Language> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
};

export function languageOfFile(file: string): Language | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

/** Loads the parsers; call once before `analyzeSource`. */
export function initAnalysis(): Promise<void> {
  return initPythonParser();
}

export function extractFacts(file: string, text: string, language: Language): SourceFacts {
  if (language === 'python') {
    const parsed = parsePython(text);
    try {
      return extractPythonFacts(file, text, parsed);
    } finally {
      parsed.dispose();
    }
  }
  return extractJsFacts(file, text, language, parseJs(text, file));
}

function matchesAny(code: string, patterns: string[] | undefined): boolean {
  return !!patterns?.some((p) => code.startsWith(p.trim().toUpperCase()));
}

export function runRules(facts: SourceFacts, options: AnalysisOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = options.severity?.[rule.code] ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    if (options.select?.length && !matchesAny(rule.code, options.select)) continue;
    if (matchesAny(rule.code, options.ignore)) continue;
    for (const raw of rule.check(facts)) {
      const finding: Finding = { ...raw, code: rule.code, family: rule.family, severity, file: facts.file };
      if (!isSuppressed(finding, facts.suppressions)) findings.push(finding);
    }
  }
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function analyzeSource(file: string, text: string, language: Language, options: AnalysisOptions = {}): AnalysisResult {
  try {
    return { findings: runRules(extractFacts(file, text, language), options) };
  } catch (error) {
    if (error instanceof JsSyntaxError) return { findings: [], syntaxError: { message: error.message, range: error.range } };
    throw error;
  }
}
