import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

import { TENANT_SLUG_PATTERN } from '../../tenants/tenant-provisioning.service';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../users/dto/user.dto';

const LANGUAGES = ['it', 'en'] as const;

export class CreateTenantDto {
  @ApiProperty({ example: 'fisio-unimi', description: '2-63 lowercase letters, digits or hyphens' })
  @IsString()
  @Matches(TENANT_SLUG_PATTERN, {
    message:
      'slug must be 2-63 lowercase letters, digits or hyphens, starting with a letter or digit',
  })
  slug: string;

  @ApiProperty({ example: 'Fisioterapia UniMi', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'it' })
  @IsOptional()
  @IsIn(LANGUAGES)
  defaultLanguage: 'it' | 'en' = 'it';

  @ApiProperty({ example: 'prof@unimi.example', description: 'Email of the first tenant admin' })
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @ApiProperty({ format: 'password', minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  adminPassword: string;
}

export class TenantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  slug: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: LANGUAGES })
  defaultLanguage: 'it' | 'en';

  @ApiProperty({ enum: ['active', 'suspended'] })
  status: 'active' | 'suspended';

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time' })
  updatedAt: Date;
}

export class TenantPageDto {
  @ApiProperty({ type: [TenantDto] })
  items: TenantDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
