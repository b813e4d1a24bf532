import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { ApiProblems } from '@fisiorag/common';

import { AccessCodesService } from './access-codes/access-codes.service';
import { ExchangeAccessCodeDto } from './access-codes/dto/access-code.dto';
import { AuthService } from './auth.service';
import {
  LoginDto,
  MeDto,
  PlatformLoginDto,
  RefreshTokenDto,
  SessionResponseDto,
  TokenResponseDto,
} from './dto/login.dto';
import { type Actor, CurrentActor } from './guards/current-actor.decorator';
import { Public } from './guards/public.decorator';
import { Roles } from './guards/roles.decorator';
import { PlatformAdminsService } from './platform/platform-admins.service';
import { ThrottleCredentials } from './throttling';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accessCodes: AccessCodesService,
    private readonly platformAdmins: PlatformAdminsService,
  ) {}

  @Public()
  @ThrottleCredentials('login')
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Log in with tenant slug, email and password',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiProblems(400, 401)
  login(@Body() credentials: LoginDto): Promise<SessionResponseDto> {
    return this.auth.login(credentials);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshSession',
    summary:
      'Exchange a refresh token for a new access token and a new refresh token; reusing an old one ends the session',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiProblems(400, 401)
  refresh(@Body() body: RefreshTokenDto): Promise<SessionResponseDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logout',
    summary: 'Revoke a refresh token and every token rotated from the same login',
  })
  @ApiNoContentResponse({ description: 'Revoked, or the token was unknown' })
  @ApiProblems(400)
  logout(@Body() body: RefreshTokenDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Public()
  @ThrottleCredentials('access-code')
  @Post('access-code')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'exchangeAccessCode',
    summary: 'Exchange a student access code for a short-lived access token (no refresh token)',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401)
  exchangeAccessCode(@Body() body: ExchangeAccessCodeDto): Promise<TokenResponseDto> {
    return this.accessCodes.exchange(body);
  }

  @Public()
  @ThrottleCredentials('login')
  @Post('platform/login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'platformLogin',
    summary: 'Log in as a platform admin; the token reaches only /api/v1/platform routes',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401)
  platformLogin(@Body() body: PlatformLoginDto): Promise<TokenResponseDto> {
    return this.platformAdmins.login(body.email, body.password);
  }

  @Get('me')
  @Roles('admin', 'member', 'student', 'platform_admin')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getCurrentCaller', summary: 'Describe the caller of this token' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor.caller);
  }
}
