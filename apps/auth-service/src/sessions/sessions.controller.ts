import { Body, Controller, HttpCode, HttpStatus, Ip, Post, UseGuards } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Authenticated, BearerAuthGuard, CurrentAuth } from '../tokens/bearer-auth.guard.js';
import { LoginDto } from './dto/login.dto.js';
import { LogoutDto, REFRESH_BODY_SCHEMA, type RefreshBody } from './dto/refresh.dto.js';
import { TokenPairDto } from './dto/token-pair.dto.js';
import { SessionsService } from './sessions.service.js';
import { type TokenPair } from './token-pair.presenter.js';

@ApiTags('auth')
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: TokenPairDto,
    description: '401 for bad credentials (unknown email alike); 429 with Retry-After when throttled.',
  })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPair> {
    return this.sessions.login(dto.email, dto.password, ip);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @RouteSchema({ body: REFRESH_BODY_SCHEMA })
  @ApiBody({ schema: REFRESH_BODY_SCHEMA })
  @ApiOkResponse({
    type: TokenPairDto,
    description: '401 when the token is dead; presenting a used one revokes its family.',
  })
  refresh(@Body() dto: RefreshBody): Promise<TokenPair> {
    return this.sessions.refresh(dto.refresh_token);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The access token and its refresh family are revoked.' })
  async logout(@CurrentAuth() auth: Authenticated, @Body() dto: LogoutDto): Promise<void> {
    await this.sessions.logout(auth.token, auth.claims, dto.refresh_token);
  }
}
