import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['user', 'platform_admin', 'access_code', 'external', 'system'] })
  actorType: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'User, platform admin or access code id; null for the system',
  })
  actorId: string | null;

  @ApiProperty({ example: 'user.created' })
  action: string;

  @ApiProperty({ example: 'user' })
  targetType: string;

  @ApiProperty({ nullable: true, type: String })
  targetId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiProperty({ nullable: true, type: String, description: 'x-request-id of the request' })
  requestId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] })
  items: AuditEntryDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
