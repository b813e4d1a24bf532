import { ApiProperty } from '@nestjs/swagger';

import { SEARCH_MODES, type SearchMode } from '../chunk-hit';
import { SearchTimingsDto } from './search-response.dto';

export class CitationDto {
  @ApiProperty({ format: 'uuid' })
  chunkId: string;

  @ApiProperty({ format: 'uuid' })
  documentId: string;

  @ApiProperty({ description: 'Title of the document', example: 'Sindrome del tunnel carpale' })
  title: string;

  @ApiProperty({ description: 'Exact quoted text, equal to the document text between the offsets' })
  quote: string;

  @ApiProperty({
    description: 'Character offset of the quote in the document text (UTF-16 code units)',
  })
  startOffset: number;

  @ApiProperty({
    description: 'Character offset just past the end of the quote in the document text',
  })
  endOffset: number;

  @ApiProperty({ description: 'Weighted share of the question terms the quote contains, 0 to 1' })
  score: number;
}

export class QueryTimingsDto extends SearchTimingsDto {
  @ApiProperty({ description: 'Answer generation, in milliseconds' })
  generationMs: number;

  @ApiProperty({ description: 'Whole request handling, in milliseconds' })
  totalMs: number;
}

export class QueryResponseDto {
  @ApiProperty({
    description:
      'Answer in the language of Accept-Language, with [n] markers that refer to the citations',
    example:
      'Secondo il materiale: Il test di Phalen si esegue mantenendo i polsi in flessione massima per 60 secondi. [1]',
  })
  answer: string;

  @ApiProperty({
    type: [CitationDto],
    description: 'Citation n is the one marked [n] in the answer',
  })
  citations: CitationDto[];

  @ApiProperty({
    description: 'True when the material does not cover the question; the answer then says so',
  })
  outOfContext: boolean;

  @ApiProperty({ enum: SEARCH_MODES, enumName: 'SearchMode' })
  mode: SearchMode;

  @ApiProperty({ type: QueryTimingsDto })
  timings: QueryTimingsDto;
}
