import { ApiProperty } from '@nestjs/swagger';

import { SEARCH_MODES, type SearchMode } from '../chunk-hit';

export class PassageDto {
  @ApiProperty({ format: 'uuid' })
  chunkId: string;

  @ApiProperty({ format: 'uuid' })
  documentId: string;

  @ApiProperty({ example: 'Sindrome del tunnel carpale' })
  documentTitle: string;

  @ApiProperty({ description: 'Position of the chunk in its document, from 0' })
  ordinal: number;

  @ApiProperty({ type: [String], description: 'Headings that enclose the chunk, outermost first' })
  headingPath: string[];

  @ApiProperty({ description: 'Text of the chunk' })
  content: string;

  @ApiProperty({
    description: 'Character offset of the chunk in the document text (UTF-16 code units)',
  })
  startOffset: number;

  @ApiProperty({
    description: 'Character offset just past the end of the chunk in the document text',
  })
  endOffset: number;

  @ApiProperty({
    description:
      'Rank score, higher is better: reciprocal rank fusion in hybrid mode, else the retriever score',
  })
  score: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Cosine similarity to the query; null if not found by vector search',
  })
  vectorScore: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Keyword rank (ts_rank_cd, 0 to 1); null if not found by keyword search',
  })
  keywordScore: number | null;
}

export class SearchTimingsDto {
  @ApiProperty({ description: 'Query embedding, in milliseconds (0 when cached or not needed)' })
  embeddingMs: number;

  @ApiProperty({ description: 'Vector search, in milliseconds' })
  vectorMs: number;

  @ApiProperty({ description: 'Keyword search, in milliseconds' })
  keywordMs: number;

  @ApiProperty({ description: 'Rank fusion, in milliseconds' })
  fusionMs: number;
}

export class SearchResponseDto {
  @ApiProperty({ type: [PassageDto], description: 'Best passages first' })
  passages: PassageDto[];

  @ApiProperty({ enum: SEARCH_MODES, enumName: 'SearchMode' })
  mode: SearchMode;

  @ApiProperty({ type: SearchTimingsDto })
  timings: SearchTimingsDto;
}
