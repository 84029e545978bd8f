import { type IntrospectionResponse } from '@app/auth-contract';
import { Body, Controller, Headers, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBasicAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TokenAuthenticator } from '../tokens/token-authenticator.js';
import { IntrospectDto } from './dto/introspect.dto.js';
import { IntrospectionClientError } from './introspection.errors.js';
import { IntrospectionClients } from './introspection-clients.js';

/** RFC 7662, for other services only: nginx does not route /internal. */
@ApiTags('internal')
@Controller('internal')
export class IntrospectionController {
  constructor(
    private readonly clients: IntrospectionClients,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  @Post('introspect')
  @HttpCode(HttpStatus.OK)
  @ApiBasicAuth()
  @ApiOkResponse({
    description: '`{active: true, sub, exp, jti, …}` or `{active: false}`; 401 without a service credential.',
  })
  introspect(
    @Headers('authorization') authorization: string | undefined,
    @Body() dto: IntrospectDto,
  ): Promise<IntrospectionResponse> {
    if (!this.clients.authenticate(authorization)) throw new IntrospectionClientError();
    return this.authenticator.introspect(dto.token);
  }
}
