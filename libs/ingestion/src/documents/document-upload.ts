import { extname } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { FastifyRequest } from 'fastify';

import { DomainError, ErrorCode, toFieldErrors } from '@fisiorag/common';

import { BinaryContentError, decodeTextUpload } from '../text/detect-text';
import { normalizeQuestion } from '../text/normalize-text';
import type { DocumentInput } from './documents.service';
import { CreateDocumentDto, MAX_TITLE_LENGTH } from './dto/document.dto';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.txt': 'text/plain',
};

/** Multipart limit errors of @fastify/multipart that mean a badly formed upload, not a large one. */
const SHAPE_LIMIT_CODES = new Set(['FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT']);

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
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    throw new DomainError(ErrorCode.ValidationFailed, {}, toFieldErrors(errors));
  }

  return {
    title: normalizeQuestion(dto.title),
    text: dto.text,
    sourceFilename: null,
    mimeType: 'text/markdown',
  };
}

async function readMultipart(request: FastifyRequest): Promise<DocumentInput> {
  try {
    return await readParts(request);
  } catch (error) {
    if (error instanceof DomainError) {
      throw error;
    }
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw error;
    }
    // Busboy reports a broken body (no boundary, truncated part) as a plain Error.
    if (code === undefined || SHAPE_LIMIT_CODES.has(code) || code.startsWith('FST_')) {
      throw new DomainError(ErrorCode.InvalidUpload);
    }
    throw error;
  }
}

async function readParts(request: FastifyRequest): Promise<DocumentInput> {
  let file: { filename: string; content: Buffer } | undefined;
  let title: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new DomainError(ErrorCode.InvalidUpload);
      }
      file = { filename: part.filename, content: await part.toBuffer() };
    } else if (part.fieldname === 'title' && typeof part.value === 'string') {
      title = normalizeQuestion(part.value);
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
  if (title !== undefined && Array.from(title).length > MAX_TITLE_LENGTH) {
    throw new DomainError(ErrorCode.ValidationFailed, {}, [
      {
        field: 'title',
        constraint: 'maxLength',
        message: `title must be shorter than or equal to ${MAX_TITLE_LENGTH} characters`,
      },
    ]);
  }

  return toDocumentInput(file, title);
}

function toDocumentInput(
  file: { filename: string; content: Buffer },
  title: string | undefined,
): DocumentInput {
  const filename = normalizeQuestion(file.filename).slice(0, 255);
  const mimeType = MIME_BY_EXTENSION[extname(filename).toLowerCase()];
  if (!mimeType) {
    throw new DomainError(ErrorCode.UnsupportedFileType, { filename });
  }
  try {
    return {
      title: title || undefined,
      text: decodeTextUpload(file.content),
      sourceFilename: filename,
      mimeType,
    };
  } catch (error) {
    if (error instanceof BinaryContentError) {
      throw new DomainError(ErrorCode.UnsupportedFileType, { filename });
    }
    throw error;
  }
}
