import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * `POST /auth/refresh`'s body as a JSON schema: Fastify validates it with a compiled ajv function
 * before the handler, and the OpenAPI document shows the same schema. The hot path thus skips
 * class-validator and class-transformer (ADR 0006, third round); failures are the same 422 list.
 */
export const REFRESH_BODY_SCHEMA = {
  type: 'object',
  properties: {
    refresh_token: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      description: 'The opaque refresh token from login or the previous refresh.',
    },
  },
  required: ['refresh_token'],
  additionalProperties: false,
};

export interface RefreshBody {
  refresh_token: string;
}

export class LogoutDto {
  @ApiPropertyOptional({ description: 'Also revoke the family of this refresh token (it must be yours).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refresh_token?: string;
}
