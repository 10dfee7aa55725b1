// The shared model of the analysis: positions, findings, and the facts that the language
// front ends extract and the rules read. Nothing here parses or formats.

/** Zero-based line and UTF-16 column, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Language = 'python' | 'javascript' | 'typescript';

export type Family = 'BLOCKING' | 'CPU-LOOP' | 'SEQ-AWAIT' | 'THREAD-CPU' | 'PROC-IO';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A place in another file (or the same one) that explains a finding, e.g. the blocking call a helper reaches. */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  family: Family;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  /** Facts a quick fix or hover needs (the call's resolved name, the fix kind, ...). */
  data?: FindingData;
}

export interface FindingData {
  /** Canonical name of the call, e.g. `time.sleep`, `fs.readFileSync`. */
  target?: string;
  /** What the call was written as, e.g. `t.sleep`. */
  calleeText?: string;
}

// ---- facts -------------------------------------------------------------------------------

/** A function, method, lambda or arrow. */
export interface FunctionFact {
  id: number;
  /** The name as written, or `<lambda>` / `<arrow>`. */
  name: string;
  isAsync: boolean;
  /** True when this function runs on the event loop while other work waits: an async function,
   * or (Node) a request/event handler. Findings of the BLOCKING family are raised only here. */
  runsOnEventLoop: boolean;
  range: Range;
  nameRange: Range;
  /** The enclosing function, if nested. */
  parentId?: number;
}

/** A call expression. */
export interface CallFact {
  /** Canonical resolved name (`time.sleep`), or undefined when the callee is not a known import. */
  target?: string;
  /** The callee as written (`t.sleep`, `nap`). */
  calleeText: string;
  range: Range;
  calleeRange: Range;
  /** The innermost enclosing function; undefined at module level. */
  functionId?: number;
  awaited: boolean;
}

export interface SourceFacts {
  file: string;
  language: Language;
  functions: FunctionFact[];
  calls: CallFact[];
  /** Zero-based line -> codes silenced there (empty set: every code). */
  suppressions: Map<number, Set<string>>;
  /** Ranges the parser could not make sense of (syntax errors). */
  syntaxErrors: Range[];
}
