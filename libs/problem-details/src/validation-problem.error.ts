import { DomainError } from './domain.error.js';

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationProblemError extends DomainError {
  readonly code = 'validation-failed';
  readonly title = 'Validation failed';
  readonly status = 422;

  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} field(s) failed validation`, { extensions: { errors } });
  }
}
