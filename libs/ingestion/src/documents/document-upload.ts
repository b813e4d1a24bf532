import { extname } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';

import { DomainError, ErrorCode, toFieldErrors } from '@fisiorag/common';

import { BinaryContentError, decodeTextUpload } from '../text/detect-text';
import type { DocumentInput } from './documents.service';
import { CreateDocumentDto, MAX_TITLE_LENGTH } from './dto/document.dto';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
};

/** Reads a document from a JSON body or a multipart upload, validating either. */
export async function readDocumentInput(
  request: FastifyRequest,
  body: unknown,
): Promise<DocumentInput> {
  if (request.isMultipart()) {
    return readMultipart(request);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError(ErrorCode.UnsupportedMediaType);
  }
  const dto = plainToInstance(CreateDocumentDto, body);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new DomainError(ErrorCode.ValidationFailed, {}, toFieldErrors(errors));
  }

  return { title: dto.title, text: dto.text, sourceFilename: null, mimeType: 'text/markdown' };
}

async function readMultipart(request: FastifyRequest): Promise<DocumentInput> {
  let file: { filename: string; content: Buffer } | undefined;
  let title: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        await part.toBuffer().catch(() => undefined);
        throw new DomainError(ErrorCode.MalformedRequest, {
          reason: 'send exactly one file, in the field "file"',
        });
      }
      file = { filename: part.filename, content: await part.toBuffer() };
    } else if (part.fieldname === 'title' && typeof part.value === 'string') {
      title = part.value;
    } else {
      throw new DomainError(ErrorCode.ValidationFailed, {}, [
        {
          field: part.fieldname,
          constraint: 'whitelistValidation',
          message: `property ${part.fieldname} should not exist`,
        },
      ]);
    }
  }
  if (!file) {
    throw new DomainError(ErrorCode.FileMissing);
  }
  if (title !== undefined && title.length > MAX_TITLE_LENGTH) {
    throw new DomainError(ErrorCode.ValidationFailed, {}, [
      {
        field: 'title',
        constraint: 'maxLength',
        message: `title must be shorter than or equal to ${MAX_TITLE_LENGTH} characters`,
      },
    ]);
  }
  const filename = file.filename.slice(0, 255);
  const mimeType = MIME_BY_EXTENSION[extname(filename).toLowerCase()];
  if (!mimeType) {
    throw new DomainError(ErrorCode.UnsupportedFileType, { filename });
  }
  try {
    return { title, text: decodeTextUpload(file.content), sourceFilename: filename, mimeType };
  } catch (error) {
    if (error instanceof BinaryContentError) {
      throw new DomainError(ErrorCode.UnsupportedFileType, { filename });
    }
    throw error;
  }
}
