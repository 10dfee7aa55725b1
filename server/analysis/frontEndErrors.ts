// What a language front end throws when it cannot give a file's facts, for the engine and the
// linter to report in one sentence without knowing which front end it was: the text does not
// parse (with where), or its code is nested deeper than the parser can follow.
import type { Range } from './types';

/** The file does not parse: nothing was analysed; `range` is where the parser stopped. */
export class SourceSyntaxError extends Error {
  constructor(message: string, readonly range: Range) {
    super(message);
  }
}

/** The parser refused the file: its code is nested too deeply (the message says for which parser). */
export class SourceTooDeepError extends Error {}
