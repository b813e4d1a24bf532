import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { ApiProblems } from '@fisiorag/common';

import { PageQueryDto } from '../dto/page-query.dto';
import { type Actor, CurrentActor } from '../guards/current-actor.decorator';
import { Roles } from '../guards/roles.decorator';
import type { PlatformAdminPrincipal } from '../principal';
import { CreateTenantDto, TenantDto, TenantPageDto } from './dto/tenant.dto';
import { PlatformTenantsService } from './platform-tenants.service';

const tenantId = new ParseUUIDPipe({ version: undefined });

@ApiTags('platform')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/platform/tenants')
export class PlatformTenantsController {
  constructor(private readonly tenants: PlatformTenantsService) {}

  @Post()
  @Roles('platform_admin')
  @ApiOperation({ operationId: 'createTenant', summary: 'Create a tenant with its first admin' })
  @ApiCreatedResponse({ type: TenantDto })
  @ApiProblems(400, 403, 409)
  create(
    @CurrentActor() actor: Actor<PlatformAdminPrincipal>,
    @Body() body: CreateTenantDto,
  ): Promise<TenantDto> {
    return this.tenants.create(actor, body);
  }

  @Get()
  @Roles('platform_admin')
  @ApiOperation({ operationId: 'listTenants', summary: 'List the tenants by slug' })
  @ApiOkResponse({ type: TenantPageDto })
  @ApiProblems(400, 403)
  async list(@Query() query: PageQueryDto): Promise<TenantPageDto> {
    const { items, total } = await this.tenants.list(query.page, query.pageSize);

    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @Roles('platform_admin')
  @ApiOperation({ operationId: 'getTenant', summary: 'Get one tenant' })
  @ApiOkResponse({ type: TenantDto })
  @ApiProblems(400, 403, 404)
  get(@Param('id', tenantId) id: string): Promise<TenantDto> {
    return this.tenants.get(id);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Roles('platform_admin')
  @ApiOperation({
    operationId: 'suspendTenant',
    summary: "Suspend a tenant: its users' tokens and logins stop working at once",
  })
  @ApiOkResponse({ type: TenantDto })
  @ApiProblems(400, 403, 404)
  suspend(
    @CurrentActor() actor: Actor<PlatformAdminPrincipal>,
    @Param('id', tenantId) id: string,
  ): Promise<TenantDto> {
    return this.tenants.setStatus(actor, id, 'suspended');
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles('platform_admin')
  @ApiOperation({ operationId: 'activateTenant', summary: 'Activate a suspended tenant again' })
  @ApiOkResponse({ type: TenantDto })
  @ApiProblems(400, 403, 404)
  activate(
    @CurrentActor() actor: Actor<PlatformAdminPrincipal>,
    @Param('id', tenantId) id: string,
  ): Promise<TenantDto> {
    return this.tenants.setStatus(actor, id, 'active');
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('platform_admin')
  @ApiOperation({
    operationId: 'deleteTenant',
    summary: 'Delete a tenant with all its users, documents, codes and audit log',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 403, 404)
  delete(
    @CurrentActor() actor: Actor<PlatformAdminPrincipal>,
    @Param('id', tenantId) id: string,
  ): Promise<void> {
    return this.tenants.delete(actor, id);
  }
}
