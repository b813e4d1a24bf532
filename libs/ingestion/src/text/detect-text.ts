export type BinaryContentReason =
  'binary-signature' | 'nul-byte' | 'utf16-text' | 'invalid-utf8' | 'control-characters';

/** Raised when uploaded bytes meant as plain text or Markdown are not UTF-8 text. */
export class BinaryContentError extends Error {
  constructor(
    readonly reason: BinaryContentReason,
    message: string,
  ) {
    super(message);
    this.name = 'BinaryContentError';
  }
}

const UTF16_LE_BOM = [0xff, 0xfe];
const UTF16_BE_BOM = [0xfe, 0xff];

// Formats whose header is plain ASCII, so the NUL and UTF-8 checks could miss a file of that kind
// (an uncompressed PDF can be pure ASCII). Other binary formats contain NUL bytes early on.
const ASCII_SIGNATURES: { format: string; bytes: number[] }[] = [
  { format: 'PDF', bytes: [...Buffer.from('%PDF-')] },
  { format: 'ZIP (DOCX, XLSX)', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

// NOTE: chosen, not measured on a corpus: text in this product has almost no control characters,
// so 5% of them means binary data or a wrong encoding.
const MAX_CONTROL_CHARACTER_RATIO = 0.05;

// Control characters other than tab, LF, CR and form feed, which plain text may contain.
const UNEXPECTED_CONTROL = /[^\P{Cc}\t\n\r\f]/gu;

/**
 * Decodes an uploaded `.txt` or `.md` file as UTF-8, without a leading BOM.
 * Throws BinaryContentError when the bytes start with a binary file signature, contain NUL bytes,
 * are not valid UTF-8, or contain more than 5% unexpected control characters.
 */
export function decodeTextUpload(buffer: Buffer): string {
  rejectBinarySignature(buffer);
  rejectNulBytes(buffer);

  const text = decodeUtf8(buffer);
  rejectControlCharacters(text);

  return text;
}

function rejectBinarySignature(buffer: Buffer): void {
  const match = ASCII_SIGNATURES.find((signature) => startsWith(buffer, signature.bytes));
  if (match) {
    throw new BinaryContentError(
      'binary-signature',
      `The file is a ${match.format} file, not plain text; upload it with its own file type.`,
    );
  }
}

function rejectNulBytes(buffer: Buffer): void {
  if (startsWith(buffer, UTF16_LE_BOM) || startsWith(buffer, UTF16_BE_BOM)) {
    throw new BinaryContentError(
      'utf16-text',
      'The file is UTF-16 text; save it as UTF-8 and upload it again.',
    );
  }

  const offset = buffer.indexOf(0);
  if (offset !== -1) {
    throw new BinaryContentError(
      'nul-byte',
      `The file contains a NUL byte at offset ${offset}, so it is binary, not text.`,
    );
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    // With ignoreBOM false (the default), the decoder drops a leading UTF-8 BOM.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // Checked by code, not with `instanceof TypeError`, because the error can come from another
    // realm, such as jest's VM context.
    if ((error as { code?: unknown }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw error;
    }

    throw new BinaryContentError(
      'invalid-utf8',
      'The file is not valid UTF-8 text; save it as UTF-8 and upload it again.',
    );
  }
}

function rejectControlCharacters(text: string): void {
  if (text.length === 0) {
    return;
  }

  const count = text.match(UNEXPECTED_CONTROL)?.length ?? 0;
  const ratio = count / text.length;
  if (ratio > MAX_CONTROL_CHARACTER_RATIO) {
    throw new BinaryContentError(
      'control-characters',
      `${(ratio * 100).toFixed(1)}% of the file's characters are control characters ` +
        `(maximum ${MAX_CONTROL_CHARACTER_RATIO * 100}%), so it is binary, not text.`,
    );
  }
}

function startsWith(buffer: Uint8Array, prefix: number[]): boolean {
  return buffer.length >= prefix.length && prefix.every((byte, index) => buffer[index] === byte);
}
