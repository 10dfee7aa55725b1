// What every rule module provides: its identity, its documentation (the single source of the
// rule page, the hover and the diagnostic link), and a check that reads facts.
import type { Family, Finding, Severity, SourceFacts } from '../types';
import type { WorkspaceIndex } from '../workspace/index';

/** What a rule may read besides the file's facts: the workspace (other files, for BW110, BW301,
 * BW303) and configured extra blocking calls. */
export interface RuleContext {
  workspace: WorkspaceIndex;
  /** Canonical name -> code, from `extraBlockingCalls`. */
  extraBlockingCalls: Map<string, string>;
}

export interface RuleDocs {
  whatItDoes: string;
  /** What the rule deliberately leaves alone and why, each a property of the code (Markdown). */
  notReported?: string;
  whyIsThisBad: string;
  example: { python?: string; javascript?: string };
  useInstead: { python?: string; javascript?: string };
}

/** A finding before configuration (severity) and the file name are applied. */
export type RawFinding = Omit<Finding, 'severity' | 'file' | 'code' | 'family' | 'messageMarkdown'> & {
  /** Markdown: code in code spans (`codeSpan`); the engine derives the plain text. */
  message: string;
};

export interface Rule {
  code: string;
  family: Family;
  /** kebab-case name, e.g. `blocking-sleep`. */
  name: string;
  /** One line, e.g. "Blocking sleep inside async code". */
  title: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(facts: SourceFacts, context: RuleContext): RawFinding[];
}
