import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

import { SEARCH_MODES, type SearchMode } from '../chunk-hit';
import { DEFAULT_TOP_K, MAX_TOP_K } from '../search.service';
import { MAX_QUESTION_LENGTH } from './search-request.dto';

export class QueryRequestDto {
  @ApiProperty({
    description: 'Question in natural language, Italian or English',
    maxLength: MAX_QUESTION_LENGTH,
    example: 'Come si esegue il test di Phalen?',
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_QUESTION_LENGTH)
  question: string;

  @ApiPropertyOptional({
    enum: SEARCH_MODES,
    enumName: 'SearchMode',
    default: 'hybrid',
    description: '`hybrid` fuses the vector and keyword rankings',
  })
  @IsOptional()
  @IsIn(SEARCH_MODES)
  mode?: SearchMode;

  @ApiPropertyOptional({
    description: 'Number of passages retrieved before the answer is built',
    minimum: 1,
    maximum: MAX_TOP_K,
    default: DEFAULT_TOP_K,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOP_K)
  topK?: number;
}
