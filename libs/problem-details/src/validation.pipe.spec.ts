import 'reflect-metadata';

import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';

import { createValidationPipe } from './validation.pipe.js';
import { ValidationProblemError } from './validation-problem.error.js';

class LineDto {
  @IsInt()
  @Min(1)
  amount: number;
}

class OrderDto {
  @IsString()
  currency: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
}

const bodyOf = { type: 'body', metatype: OrderDto } as const;

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe(createValidationPipe.name, () => {
  it('transforms a valid body into the DTO class', async () => {
    const sut = createValidationPipe();

    const result: unknown = await sut.transform({ currency: 'eur', lines: [{ amount: 5 }] }, bodyOf);

    expect(result).toBeInstanceOf(OrderDto);
  });

  it('rejects unknown fields and reports nested field paths as a ValidationProblemError', async () => {
    const sut = createValidationPipe();

    const err = await rejectionOf(
      sut.transform({ currency: 'eur', lines: [{ amount: 0, extra: 1 }], admin: true }, bodyOf),
    );

    expect(err).toBeInstanceOf(ValidationProblemError);
    const fields = (err as ValidationProblemError).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['admin', 'lines.0.amount', 'lines.0.extra']);
  });

  it('never copies the rejected value into the error', async () => {
    const sut = createValidationPipe();

    const err = await rejectionOf(sut.transform({ currency: 'hunter2-password', lines: 'nope' }, bodyOf));

    expect(JSON.stringify(err)).not.toContain('hunter2-password');
  });
});
