/** Why a command was refused. Maps one-to-one onto Kubernetes Status reasons at the edge. */
export type DomainErrorReason = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'Forbidden';

export interface FieldCause {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly reason: DomainErrorReason,
    message: string,
    readonly causes: FieldCause[] = [],
  ) {
    super(message);
    this.name = `${reason}Error`;
  }
}

export const notFound = (what: string): DomainError => new DomainError('NotFound', `${what} not found`);

export const alreadyExists = (what: string): DomainError =>
  new DomainError('AlreadyExists', `${what} already exists`);

export const conflict = (message: string): DomainError => new DomainError('Conflict', message);

export const invalid = (message: string, causes: FieldCause[] = []): DomainError =>
  new DomainError('Invalid', message, causes);

export const forbidden = (message: string): DomainError => new DomainError('Forbidden', message);

/** Quota refusals are Forbidden, as in Kubernetes ("exceeded quota"). */
export const quotaExceeded = (message: string): DomainError => new DomainError('Forbidden', `exceeded quota: ${message}`);
