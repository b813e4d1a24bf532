import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxDate,
  MaxLength,
  Min,
  MinDate,
  MinLength,
} from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

import type { AccessCodeRole } from '../access-codes.repository';

const ACCESS_CODE_ROLES: AccessCodeRole[] = ['student', 'member'];

/** Maximum validity of an access code, in days. */
export const MAX_ACCESS_CODE_DAYS = 366;

const DAY_MS = 86_400_000;

export class CreateAccessCodeDto {
  @ApiProperty({ example: 'Corso di anatomia 2025, gruppo A', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  label: string;

  // Not `role`: that field is rejected on every route, the caller's role comes from the token.
  @ApiPropertyOptional({
    enum: ACCESS_CODE_ROLES,
    default: 'student',
    description: 'Role of the sessions the code opens',
  })
  @IsOptional()
  @IsIn(ACCESS_CODE_ROLES)
  grantedRole: AccessCodeRole = 'student';

  @ApiProperty({ minimum: 1, maximum: 100000, example: 30, description: 'Exchanges allowed' })
  @IsInt()
  @Min(1)
  @Max(100000)
  maxUses: number;

  @ApiProperty({
    format: 'date-time',
    example: '2026-06-30T23:59:59Z',
    description: `When the code stops working; in the future and at most ${MAX_ACCESS_CODE_DAYS} days ahead`,
  })
  @Type(() => Date)
  @IsDate()
  @MinDate(() => new Date(), { message: 'expiresAt must be in the future' })
  @MaxDate(() => new Date(Date.now() + MAX_ACCESS_CODE_DAYS * DAY_MS), {
    message: `expiresAt must be at most ${MAX_ACCESS_CODE_DAYS} days ahead`,
  })
  expiresAt: Date;
}

export class ExchangeAccessCodeDto {
  @ApiProperty({ description: 'Slug of the institution (tenant)', example: 'demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(63)
  tenant: string;

  @ApiProperty({ example: 'K7M2Q-9XH4T-B8RJD-3W6NC', description: 'Case and hyphens are ignored' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code: string;
}

export class AccessCodeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ enum: ACCESS_CODE_ROLES })
  role: AccessCodeRole;

  @ApiProperty()
  maxUses: number;

  @ApiProperty({ description: 'Successful exchanges so far' })
  useCount: number;

  @ApiProperty({ enum: ['active', 'expired', 'exhausted', 'revoked'] })
  status: 'active' | 'expired' | 'exhausted' | 'revoked';

  @ApiProperty({ format: 'date-time' })
  expiresAt: Date;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: Date | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastUsedAt: Date | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class CreatedAccessCodeDto extends AccessCodeDto {
  @ApiProperty({
    example: 'K7M2Q-9XH4T-B8RJD-3W6NC',
    description: 'The code itself, shown only in this response: only its hash is stored',
  })
  code: string;
}

export class AccessCodePageDto {
  @ApiProperty({ type: [AccessCodeDto] })
  items: AccessCodeDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
