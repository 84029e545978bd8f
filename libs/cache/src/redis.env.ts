import { CommaSeparated } from '@app/config';
import {
  ArrayNotEmpty,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Min,
  Validate,
  ValidateIf,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

// Fails when another key is also set: REDIS_URL and Sentinel settings are two different
// ways to reach Redis, and silently preferring one would hide a deployment mistake.
@ValidatorConstraint({ name: 'exclusiveWith' })
class ExclusiveWith implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const others = args.constraints as string[];
    return others.every((other) => (args.object as Record<string, unknown>)[other] === undefined);
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} cannot be combined with ${(args.constraints as string[]).join(', ')}`;
  }
}

const usesSentinel = (env: RedisEnv) =>
  env.REDIS_SENTINELS !== undefined || env.REDIS_MASTER_NAME !== undefined;

// Either REDIS_URL, or REDIS_SENTINELS + REDIS_MASTER_NAME: exactly one way to reach Redis.
export class RedisEnv {
  @ValidateIf((env: RedisEnv) => env.REDIS_URL !== undefined || !usesSentinel(env))
  @IsString({ message: 'set REDIS_URL, or REDIS_SENTINELS with REDIS_MASTER_NAME' })
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  @Validate(ExclusiveWith, ['REDIS_SENTINELS', 'REDIS_MASTER_NAME'])
  REDIS_URL?: string;

  /** host:port,host:port */
  @ValidateIf(usesSentinel)
  @CommaSeparated()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'REDIS_SENTINELS must be host:port,host:port' })
  REDIS_SENTINELS?: string[];

  @ValidateIf(usesSentinel)
  @IsString()
  @IsNotEmpty()
  REDIS_MASTER_NAME?: string;

  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;

  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  @IsInt()
  @Min(1)
  // Annotated so the emitted design:type is Number and implicit conversion parses the string.
  REDIS_COMMAND_TIMEOUT_MS: number = 500;
}
