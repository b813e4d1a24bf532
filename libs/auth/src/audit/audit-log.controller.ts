import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ApiProblems } from '@fisiorag/common';

import { PageQueryDto } from '../dto/page-query.dto';
import { CurrentPrincipal } from '../guards/current-principal.decorator';
import { Roles } from '../guards/roles.decorator';
import type { Principal } from '../principal';
import { AuditEntryPageDto } from './audit-log.dto';
import { AuditLogService } from './audit-log.service';

@ApiTags('audit')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'listAuditLog',
    summary: "List the tenant's audit log of admin actions, newest first",
  })
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiProblems(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<AuditEntryPageDto> {
    const { items, total } = await this.auditLog.list(principal, query.page, query.pageSize);

    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
