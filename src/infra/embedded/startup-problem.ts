// A reason a local start cannot go on, with what to do about it: printed once, at the end of
// the output, by whoever is in charge (npm start's supervisor, the test runner).
export class StartupProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'StartupProblem';
  }
}

/** The two lines a person reads last. */
export function describeStartupFailure(error: unknown): string[] {
  if (error instanceof StartupProblem) return [`did not start: ${error.message}`, `what to do: ${error.hint}`];
  return [`did not start: ${error instanceof Error ? error.message : String(error)}`];
}
