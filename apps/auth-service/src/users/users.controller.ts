import { Body, Controller, Get, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Authenticated, BearerAuthGuard, CurrentAuth } from '../tokens/bearer-auth.guard.js';
import { RegisterDto } from './dto/register.dto.js';
import { UserDto } from './dto/user.dto.js';
import { type PublicUser } from './user.presenter.js';
import { UsersService } from './users.service.js';

@ApiTags('auth')
@Controller('auth')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('register')
  @ApiCreatedResponse({
    type: UserDto,
    description: '409 when the email is taken; 422 for a weak password or bad email.',
  })
  register(@Body() dto: RegisterDto): Promise<PublicUser> {
    return this.users.register(dto.email, dto.password);
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
