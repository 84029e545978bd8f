import { type PipeTransform } from '@nestjs/common';
import { type DomainError } from '@app/problem-details';

import { isUuid } from '../shared/uuid-v7.js';

/**
 * Ids are opaque to clients: a string that is not one of our ids names no resource, so the
 * answer is the same 404 as for an id that does not exist (and it never reaches Postgres, whose
 * uuid cast would otherwise fail with a 500).
 */
export class UuidOrNotFoundPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: () => DomainError) {}

  transform(value: string): string {
    if (!isUuid(value)) throw this.notFound();
    return value.toLowerCase();
  }
}
