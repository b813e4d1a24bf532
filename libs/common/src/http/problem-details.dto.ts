import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ErrorCode } from '../errors/error-code';

export class FieldErrorDto {
  @ApiProperty({ example: 'question' })
  field: string;

  @ApiProperty({ description: 'Machine-readable rule that failed', example: 'maxLength' })
  constraint: string;

  @ApiProperty({ example: 'question può contenere al massimo 2000 caratteri' })
  message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:fisiorag:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ description: 'Localized explanation (Accept-Language: it or en)' })
  detail: string;

  @ApiProperty({ example: '/api/v1/query' })
  instance: string;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' })
  code: ErrorCode;

  @ApiPropertyOptional({ description: 'Value of the x-request-id header of the request' })
  requestId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
