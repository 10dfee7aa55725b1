// Errors the engine reports to its callers as what the user must fix (not internal failures).

/** A problem with what the user asked for (missing script, unknown type, no TS runner): a usage error. */
export class ProfileInputError extends Error {}

export class ProfileCancelledError extends Error {
  constructor() {
    super('Profiling cancelled');
    this.name = 'AbortError';
  }
}
