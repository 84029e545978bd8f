import { registerDecorator, type ValidationOptions } from 'class-validator';

export const METADATA_LIMITS = { maxKeys: 20, maxKeyLength: 40, maxValueLength: 500 } as const;

/** Stripe-like metadata: a flat object of string values, bounded so one payment stays small. */
export function isBoundedMetadata(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= METADATA_LIMITS.maxKeys &&
    entries.every(
      ([key, item]) =>
        key.length > 0 &&
        key.length <= METADATA_LIMITS.maxKeyLength &&
        typeof item === 'string' &&
        item.length <= METADATA_LIMITS.maxValueLength,
    )
  );
}

export function IsBoundedMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBoundedMetadata',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be an object of at most ${METADATA_LIMITS.maxKeys} string values (keys up to ${METADATA_LIMITS.maxKeyLength} characters, values up to ${METADATA_LIMITS.maxValueLength})`,
        ...options,
      },
      validator: { validate: (value: unknown) => isBoundedMetadata(value) },
    });
}
