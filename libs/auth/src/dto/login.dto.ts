import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

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

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT access token, sent as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Lifetime of the access token in seconds', example: 3600 })
  expiresIn: number;
}
