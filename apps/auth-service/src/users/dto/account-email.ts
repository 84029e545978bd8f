import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An account email as register and login accept it: trimmed, a valid address, at most 254 characters. */
export function AccountEmail(): PropertyDecorator {
  // Listed innermost first, as stacked decorators apply, so validation messages keep their order.
  return applyDecorators(MaxLength(254), IsEmail({}, { message: 'email must be a valid email address' }), Transform(trim));
}
