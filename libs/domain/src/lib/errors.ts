/** A rule input that cannot be evaluated. `field` names the input (e.g. `essms[2].finess`), `message` is French and says what to do. */
export class DomainValidationError extends Error {
  readonly code = 'DOMAIN_VALIDATION' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainValidationError';
  }
}
