import { type FieldError } from './validation-problem.error.js';

/** One error of a Fastify route schema (ajv's ErrorObject, the fields used here). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { missingProperty?: string; additionalProperty?: string };
}

/** What Fastify throws when a request fails its route schema (FST_ERR_VALIDATION). */
export interface SchemaValidationError {
  code: 'FST_ERR_VALIDATION';
  validation: SchemaError[];
}

export function isSchemaValidationError(value: unknown): value is SchemaValidationError {
  const candidate = value as Partial<SchemaValidationError> | null;
  return candidate?.code === 'FST_ERR_VALIDATION' && Array.isArray(candidate.validation);
}

/**
 * ajv's errors as the same field list the ValidationPipe gives: dotted paths (`items.0.amount`),
 * the field named first in each message, and an unknown field worded as class-validator words it.
 */
export function schemaFieldErrors(errors: SchemaError[]): FieldError[] {
  return errors.map((error) => {
    const path = error.instancePath.split('/').filter(Boolean);
    if (error.keyword === 'additionalProperties' && error.params.additionalProperty) {
      const field = [...path, error.params.additionalProperty].join('.');
      return { field, message: `property ${error.params.additionalProperty} should not exist` };
    }
    if (error.keyword === 'required' && error.params.missingProperty) path.push(error.params.missingProperty);
    const field = path.join('.');
    return { field, message: `${field || 'body'} ${error.message ?? 'is invalid'}` };
  });
}
