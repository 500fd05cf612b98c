// What can go wrong with a request about a source, as the domain sees it; lib/api/source-errors.ts
// turns these into HTTP answers, the CLI into messages and exit codes.

export type SourceErrorKind = "not-found" | "conflict" | "invalid" | "busy";

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "SourceError";
  }
}
