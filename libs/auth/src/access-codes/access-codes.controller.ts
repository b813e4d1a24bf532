import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { ApiProblems } from '@fisiorag/common';

import { PageQueryDto } from '../dto/page-query.dto';
import { type Actor, CurrentActor } from '../guards/current-actor.decorator';
import { CurrentPrincipal } from '../guards/current-principal.decorator';
import { Roles } from '../guards/roles.decorator';
import type { Principal } from '../principal';
import { AccessCodesService } from './access-codes.service';
import {
  AccessCodeDto,
  AccessCodePageDto,
  CreateAccessCodeDto,
  CreatedAccessCodeDto,
} from './dto/access-code.dto';

@ApiTags('access codes')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/access-codes')
export class AccessCodesController {
  constructor(private readonly accessCodes: AccessCodesService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'createAccessCode',
    summary: 'Create an access code for students; the code is shown only in this response',
  })
  @ApiCreatedResponse({ type: CreatedAccessCodeDto })
  @ApiProblems(400, 403)
  create(
    @CurrentActor() actor: Actor<Principal>,
    @Body() body: CreateAccessCodeDto,
  ): Promise<CreatedAccessCodeDto> {
    return this.accessCodes.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'listAccessCodes',
    summary: "List the tenant's access codes with their usage, newest first",
  })
  @ApiOkResponse({ type: AccessCodePageDto })
  @ApiProblems(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<AccessCodePageDto> {
    const { items, total } = await this.accessCodes.list(principal, query.page, query.pageSize);

    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'revokeAccessCode',
    summary: 'Revoke an access code and end the sessions opened with it',
  })
  @ApiOkResponse({ type: AccessCodeDto })
  @ApiProblems(400, 403, 404)
  revoke(
    @CurrentActor() actor: Actor<Principal>,
    @Param('id', new ParseUUIDPipe({ version: undefined })) id: string,
  ): Promise<AccessCodeDto> {
    return this.accessCodes.revoke(actor, id);
  }
}
