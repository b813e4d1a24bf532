import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { IsNotBlank } from '@fisiorag/common';

export const MAX_TITLE_LENGTH = 300;

export class CreateDocumentDto {
  @ApiProperty({ example: 'Lombalgia aspecifica', maxLength: MAX_TITLE_LENGTH })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TITLE_LENGTH)
  title: string;

  @ApiProperty({
    description: 'Markdown or plain text; its UTF-8 size is limited by MAX_UPLOAD_BYTES',
    example: '# Lombalgia\n\nLa lombalgia aspecifica è ...',
  })
  @IsString()
  @IsNotBlank()
  text: string;
}

export class UploadDocumentDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A .md or .txt file, UTF-8' })
  file: unknown;

  @ApiPropertyOptional({ description: 'Defaults to the first heading or the file name' })
  title?: string;
}

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Accepts decimal digits only, so "0x10" or "1e3" stay strings and fail validation. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

export class ListDocumentsQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100000)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 20;
}

export class GetDocumentQueryDto {
  @ApiPropertyOptional({
    description: 'Include the normalised text that citation offsets index into',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeContent = false;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ nullable: true, type: String })
  sourceFilename: string | null;

  @ApiProperty({ example: 'text/markdown' })
  mimeType: string;

  @ApiProperty({ enum: ['pending', 'processing', 'ready', 'failed'] })
  status: string;

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty({ description: 'Length of the normalised text, in UTF-16 code units' })
  charCount: number;

  @ApiProperty()
  chunkCount: number;

  @ApiProperty({ description: 'SHA-256 of the normalised text, hex' })
  contentSha256: string;

  @ApiProperty({ nullable: true, type: String })
  embeddingModel: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  @ApiPropertyOptional({ description: 'Normalised text, only with includeContent=true' })
  content?: string;
}

export class CreateDocumentResponseDto extends DocumentDto {
  @ApiProperty({ description: 'False when identical text already existed and was returned' })
  created: boolean;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentDto] })
  items: DocumentDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
