import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

import { SEARCH_MODES, type SearchMode } from '../chunk-hit';
import { DEFAULT_TOP_K, MAX_TOP_K } from '../search.service';

export const MAX_QUESTION_LENGTH = 2000;

export class SearchRequestDto {
  @ApiProperty({
    description: 'Text to search for',
    maxLength: MAX_QUESTION_LENGTH,
    example: "Quali red flags richiedono l'invio al medico?",
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_QUESTION_LENGTH)
  query: string;

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
    description: 'Number of passages to return',
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
