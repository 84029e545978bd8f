import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Ip,
  NotFoundException,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SessionsService, type TokenPair } from '../sessions/sessions.service.js';
import { type PublicUser, UsersService } from '../users/users.service.js';
import { type Authenticated, BearerAuthGuard, CurrentAuth } from './bearer-auth.guard.js';
import { LoginDto, RegisterDto } from './dto/credentials.dto.js';
import { LogoutDto, RefreshDto, TokenPairDto, UserDto } from './dto/tokens.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('register')
  @ApiCreatedResponse({
    type: UserDto,
    description: '409 when the email is taken; 422 for a weak password or bad email.',
  })
  register(@Body() dto: RegisterDto): Promise<PublicUser> {
    return this.users.register(dto.email, dto.password);
  }

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
  @ApiOkResponse({
    type: TokenPairDto,
    description: '401 when the token is dead; presenting a used one revokes its family.',
  })
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
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

  @Get('me')
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentAuth() auth: Authenticated): Promise<PublicUser> {
    const user = await this.users.profile(auth.claims.sub);
    // A valid token for an account deleted since: nothing to show.
    if (!user) throw new NotFoundException('The account no longer exists.');
    return user;
  }
}
