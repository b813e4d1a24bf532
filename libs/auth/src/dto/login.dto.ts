import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

import { USER_ROLES } from '../principal';

export class LoginDto {
  @ApiProperty({ description: 'Slug of the institution (tenant)', example: 'demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  tenant: string;

  @ApiProperty({ example: 'admin@demo.fisiorag.local' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class PlatformLoginDto {
  @ApiProperty({ example: 'ops@fisiorag.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class RefreshTokenDto {
  @ApiProperty({ description: 'Refresh token of the last login or refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT access token, sent as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Lifetime of the access token in seconds', example: 900 })
  expiresIn: number;
}

export class SessionResponseDto extends TokenResponseDto {
  @ApiProperty({
    description:
      'Opaque refresh token for POST /api/v1/auth/refresh; single use, every refresh returns a new one',
  })
  refreshToken: string;

  @ApiProperty({ description: 'Lifetime of the refresh token in seconds', example: 1209600 })
  refreshExpiresIn: number;
}

class MeTenantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  slug: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['it', 'en'] })
  defaultLanguage: 'it' | 'en';
}

export class MeDto {
  @ApiProperty({
    enum: ['user', 'access_code', 'external', 'platform_admin'],
    description: 'How the caller authenticated',
  })
  kind: 'user' | 'access_code' | 'external' | 'platform_admin';

  @ApiProperty({
    format: 'uuid',
    description: 'User id; a session id for access codes; the admin id for platform admins',
  })
  id: string;

  @ApiProperty({ enum: [...USER_ROLES, 'platform_admin'] })
  role: string;

  @ApiPropertyOptional({ description: 'Absent for access code and external sessions' })
  email?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  displayName?: string | null;

  @ApiPropertyOptional({ type: MeTenantDto, description: 'Absent for platform admins' })
  tenant?: MeTenantDto;
}
