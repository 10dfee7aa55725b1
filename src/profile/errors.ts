// Errors the engine reports to its callers as what the user must fix (not internal failures).

/** A problem with what the user asked for (missing script, unknown type, no TS runner): a usage error.
 * `allowedBy`: what was refused is allowed by a switch each front end names its own way (the CLI's
 * `--load-any-host`, VS Code's `boundwise.profile.load.allowOtherHosts`). */
export class ProfileInputError extends Error {
  constructor(
    message: string,
    readonly allowedBy?: 'any-load-host',
  ) {
    super(message);
  }
}

export class ProfileCancelledError extends Error {
  constructor() {
    super('Profiling cancelled');
    this.name = 'AbortError';
  }
}
