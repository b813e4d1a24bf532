import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
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
import { CurrentPrincipal } from '../guards/current-principal.decorator';
import { Roles } from '../guards/roles.decorator';
import type { Principal } from '../principal';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

const userId = new ParseUUIDPipe({ version: undefined });

@ApiTags('users')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user of the tenant' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 403, 409)
  create(@CurrentActor() actor: Actor<Principal>, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listUsers', summary: "List the tenant's users by email" })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 403)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<UserPageDto> {
    const { items, total } = await this.users.list(principal, query.page, query.pageSize);

    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'getUser', summary: 'Get one user of the tenant' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 403, 404)
  get(@CurrentPrincipal() principal: Principal, @Param('id', userId) id: string): Promise<UserDto> {
    return this.users.get(principal, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Change the role, name or password of a user, or disable or enable the account',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 403, 404, 409)
  update(
    @CurrentActor() actor: Actor<Principal>,
    @Param('id', userId) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ operationId: 'deleteUser', summary: 'Delete a user and end their sessions' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 403, 404, 409)
  delete(@CurrentActor() actor: Actor<Principal>, @Param('id', userId) id: string): Promise<void> {
    return this.users.delete(actor, id);
  }
}
