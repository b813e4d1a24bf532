import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

import { USER_ROLES, type UserRole } from '../../principal';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

// Every route rejects a request field named `role`, because a caller's own role comes only
// from the access token. The role given to another account is therefore `grantedRole`.
const GRANTED_ROLE_DESCRIPTION = 'Role of the account: admin, member or student';

export class CreateUserDto {
  @ApiProperty({ example: 'studente@unimi.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;

  @ApiProperty({ enum: USER_ROLES, description: GRANTED_ROLE_DESCRIPTION })
  @IsIn(USER_ROLES)
  grantedRole: UserRole;

  @ApiPropertyOptional({ example: 'Giulia Rossi', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  displayName?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES, description: GRANTED_ROLE_DESCRIPTION })
  @IsOptional()
  @IsIn(USER_ROLES)
  grantedRole?: UserRole;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @ValidateIf((_dto, value) => value !== null)
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  displayName?: string | null;

  @ApiPropertyOptional({
    description: 'true disables the account and ends its sessions; false enables it again',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;

  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time' })
  updatedAt: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
