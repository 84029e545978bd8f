export { DomainError, type DomainErrorOptions } from './domain.error.js';
export {
  PROBLEM_CONTENT_TYPE,
  type ProblemBody,
  problemBody,
  type ProblemInput,
  statusTitle,
} from './problem-body.js';
export { PROBLEM_DETAILS_LOGGER, ProblemDetailsFilter } from './problem-details.filter.js';
export { INTERNAL_ERROR_DETAIL, type MappedProblem, mapException } from './problem.mapper.js';
export { createValidationPipe, toFieldErrors } from './validation.pipe.js';
export { type FieldError, ValidationProblemError } from './validation-problem.error.js';
