import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems } from '@fisiorag/common';

import { AuthService } from './auth.service';
import { LoginDto, TokenResponseDto } from './dto/login.dto';
import { Public } from './guards/public.decorator';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Log in with tenant slug, email and password',
  })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiProblems(400, 401)
  login(@Body() credentials: LoginDto): Promise<TokenResponseDto> {
    return this.auth.login(credentials);
  }
}
