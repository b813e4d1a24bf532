import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { type Principal, CurrentPrincipal } from '@fisiorag/auth';
import { ApiProblems, type Language, RequestLanguage } from '@fisiorag/common';

import { QueryRequestDto } from './dto/query-request.dto';
import { QueryResponseDto } from './dto/query-response.dto';
import { SearchRequestDto } from './dto/search-request.dto';
import { SearchResponseDto } from './dto/search-response.dto';
import { QueryService } from './query.service';
import { SearchService } from './search.service';

@ApiTags('retrieval')
@ApiBearerAuth()
@Controller('api/v1')
export class RetrievalController {
  constructor(
    private readonly searchService: SearchService,
    private readonly queryService: QueryService,
  ) {}

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'searchPassages',
    summary: "Search the tenant's documents for the passages that best match a query",
  })
  @ApiOkResponse({ type: SearchResponseDto })
  @ApiProblems(400, 401)
  search(
    @CurrentPrincipal() principal: Principal,
    @Body() request: SearchRequestDto,
  ): Promise<SearchResponseDto> {
    return this.searchService.search(principal, request);
  }

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'answerQuestion',
    summary:
      "Answer a question from the tenant's documents with cited passages, or report it as out of context",
  })
  @ApiOkResponse({ type: QueryResponseDto })
  @ApiProblems(400, 401)
  query(
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: Language,
    @Body() request: QueryRequestDto,
  ): Promise<QueryResponseDto> {
    return this.queryService.query(principal, language, request);
  }
}
