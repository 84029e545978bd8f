import { ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';

import { type FieldError, ValidationProblemError } from './validation-problem.error.js';

/** whitelist + forbidNonWhitelisted + transform; failures become a 422 problem with `errors[]`. */
export function createValidationPipe(overrides: ValidationPipeOptions = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Rejected values stay out of the error objects: they may be passwords.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationProblemError(toFieldErrors(errors)),
    ...overrides,
  });
}

/** Nested errors become dotted paths: `metadata.foo`, `items.0.amount`. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}
