import { crc32, deflateSync, gzipSync } from 'node:zlib';

import { BinaryContentError, BinaryContentReason, decodeTextUpload } from './detect-text';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(typeAndData));

  return Buffer.concat([length, typeAndData, checksum]);
}

/** Builds a valid 1x1 grey PNG image. */
function onePixelPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 0;

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 128]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pdfWithBinaryMarker(): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%'),
    Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
    Buffer.from('\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'),
  ]);
}

function zipLocalFileHeader(): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(5, 26);

  return Buffer.concat([header, Buffer.from('a.xml'), Buffer.from('<x/>')]);
}

function reasonOf(buffer: Buffer): BinaryContentReason | undefined {
  try {
    decodeTextUpload(buffer);
  } catch (error) {
    if (error instanceof BinaryContentError) {
      return error.reason;
    }
    throw error;
  }

  return undefined;
}

describe('decodeTextUpload', () => {
  it('decodes UTF-8 Italian text with emoji', () => {
    const text = '# Lombalgia\n\nÈ più comune dopo i 40 anni 💪🏽. Perché?\r\n';

    expect(decodeTextUpload(Buffer.from(text, 'utf8'))).toBe(text);
  });

  it('strips a leading UTF-8 BOM', () => {
    const buffer = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ciao')]);

    expect(decodeTextUpload(buffer)).toBe('ciao');
  });

  it('returns an empty string for an empty file', () => {
    expect(decodeTextUpload(Buffer.alloc(0))).toBe('');
  });

  it('accepts tabs, CR and form feeds', () => {
    const text = 'colonna\tvalore\r\npagina 1\fpagina 2';

    expect(decodeTextUpload(Buffer.from(text))).toBe(text);
  });

  it('accepts a few stray control characters', () => {
    const text = `${'testo normale '.repeat(20)}\u001b[0m fine`;

    expect(decodeTextUpload(Buffer.from(text))).toBe(text);
  });

  it.each<[string, () => Buffer, BinaryContentReason]>([
    ['PNG image', onePixelPng, 'nul-byte'],
    ['PDF document', pdfWithBinaryMarker, 'binary-signature'],
    [
      'ASCII-only PDF document',
      () => Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\n'),
      'binary-signature',
    ],
    ['ZIP archive (DOCX)', zipLocalFileHeader, 'binary-signature'],
    ['gzip archive', () => gzipSync(Buffer.from('testo compresso')), 'nul-byte'],
    [
      'JPEG header',
      () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x4a, 0x46, 0x49, 0x46]),
      'invalid-utf8',
    ],
    ['UTF-16LE text with BOM', () => Buffer.from('\uFEFFciao', 'utf16le'), 'utf16-text'],
    ['UTF-16LE text without BOM', () => Buffer.from('ciao', 'utf16le'), 'nul-byte'],
    ['Windows-1252 Italian text', () => Buffer.from('perch\u00e9 no', 'latin1'), 'invalid-utf8'],
    ['truncated UTF-8 sequence', () => Buffer.from([0x63, 0x69, 0x61, 0x6f, 0xc3]), 'invalid-utf8'],
    ['UTF-8 encoded surrogate', () => Buffer.from([0x61, 0xed, 0xa0, 0x80]), 'invalid-utf8'],
    [
      'control-character noise',
      () => Buffer.from('\u0001\u0002\u0003abc\u0004\u0005'),
      'control-characters',
    ],
  ])('rejects %s', (_name, build, reason) => {
    expect(reasonOf(build())).toBe(reason);
  });

  it('reports what to do in the error message', () => {
    expect(() => decodeTextUpload(Buffer.from('perch\u00e9', 'latin1'))).toThrow(
      'The file is not valid UTF-8 text; save it as UTF-8 and upload it again.',
    );
  });

  it('names the offset of the first NUL byte', () => {
    expect(() => decodeTextUpload(Buffer.from([0x61, 0x62, 0x00, 0x63]))).toThrow(
      'The file contains a NUL byte at offset 2, so it is binary, not text.',
    );
  });
});
