import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { CurrentPrincipal, type Principal, Roles } from '@fisiorag/auth';
import { ApiProblems, createUuidPipe } from '@fisiorag/common';

import { readDocumentInput } from './document-upload';
import { DocumentsService } from './documents.service';
import {
  CreateDocumentDto,
  CreateDocumentResponseDto,
  DocumentDto,
  DocumentPageDto,
  GetDocumentQueryDto,
  ListDocumentsQueryDto,
  UploadDocumentDto,
} from './dto/document.dto';

const documentId = createUuidPipe('id');

@ApiTags('documents')
@ApiBearerAuth()
@ApiProblems(401)
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'createDocument',
    summary: 'Add a document from JSON text or a multipart .md/.txt upload',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(CreateDocumentDto, UploadDocumentDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateDocumentDto) },
        { $ref: getSchemaPath(UploadDocumentDto) },
      ],
    },
  })
  @ApiCreatedResponse({ type: CreateDocumentResponseDto, description: 'Stored and searchable' })
  @ApiOkResponse({ type: CreateDocumentResponseDto, description: 'Identical text already stored' })
  @ApiProblems(400, 403, 413, 415, 422, 503)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<CreateDocumentResponseDto> {
    const input = await readDocumentInput(request, body);
    const { document, created } = await this.documents.create(principal, input);
    void reply.status(created ? 201 : 200);

    return { ...document, created };
  }

  @Get()
  @ApiOperation({
    operationId: 'listDocuments',
    summary: "List the tenant's documents, newest first",
  })
  @ApiOkResponse({ type: DocumentPageDto })
  @ApiProblems(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListDocumentsQueryDto,
  ): Promise<DocumentPageDto> {
    const { items, total } = await this.documents.list(principal, query.page, query.pageSize);

    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getDocument',
    summary: 'Get one document, optionally with its text',
  })
  @ApiOkResponse({ type: DocumentDto })
  @ApiProblems(400, 404)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', documentId) id: string,
    @Query() query: GetDocumentQueryDto,
  ): Promise<DocumentDto> {
    return this.documents.get(principal, id, query.includeContent);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ operationId: 'deleteDocument', summary: 'Delete a document and its passages' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(400, 403, 404)
  delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', documentId) id: string,
  ): Promise<void> {
    return this.documents.delete(principal, id);
  }
}
