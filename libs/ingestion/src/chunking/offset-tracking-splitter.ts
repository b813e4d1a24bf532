import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

/** Half-open range of character offsets into the document. */
export interface Span {
  start: number;
  end: number;
}

// Preferred split points, best first. Every separator contains whitespace, so a chunk never ends
// inside a word. A no-break space is not a separator because it is meant to bind two words.
const SEPARATORS = ['\n\n', '\n', '. ', '? ', '! ', ' '];

/**
 * RecursiveCharacterTextSplitter that also records where each chunk sits in the document.
 * Searching for chunk strings is ambiguous when text repeats, so offsets are computed as the
 * splitter consumes the text. LangChain passes consecutive pieces, in document order, to
 * `mergeSplits`. The exception is a piece of `chunkSize` or more without a separator, which goes
 * straight to its output and is recorded in `splitOnSeparator`. `split` checks that the recorded
 * offsets match LangChain's output.
 */
export class OffsetTrackingSplitter extends RecursiveCharacterTextSplitter {
  private readonly spans: Span[] = [];
  private cursor: number;

  constructor(
    private readonly document: string,
    private readonly range: Span,
    chunkSize: number,
    chunkOverlap: number,
  ) {
    super({ chunkSize, chunkOverlap, separators: SEPARATORS, keepSeparator: true });
    this.cursor = range.start;
  }

  async split(): Promise<Span[]> {
    const chunks = await this.splitText(this.document.slice(this.range.start, this.range.end));
    const expected = chunks.map((chunk) => chunk.trim()).filter((chunk) => chunk !== '');
    const actual = this.spans.map((span) => this.document.slice(span.start, span.end));

    if (this.cursor !== this.range.end || expected.join('\u0000') !== actual.join('\u0000')) {
      throw new Error(
        'Chunk offsets do not match the output of RecursiveCharacterTextSplitter; ' +
          'check whether an upgrade of @langchain/textsplitters changed how it merges pieces.',
      );
    }

    return this.spans;
  }

  // Splits after each separator, not before it as LangChain does, so that a sentence keeps its
  // full stop and the next chunk starts at a word.
  protected override splitOnSeparator(text: string, separator: string | undefined): string[] {
    if (!separator || !text.includes(separator)) {
      if (text.length >= this.chunkSize) {
        this.record(this.cursor, this.cursor + text.length);
        this.cursor += text.length;
      }

      // Never split into single characters, which could cut a word or a surrogate pair.
      return [text];
    }

    return splitAfter(text, separator);
  }

  // Same merge rule as TextSplitter.mergeSplits in @langchain/textsplitters 1.0 with an empty
  // separator, because keepSeparator is set, but in offsets rather than strings.
  override async mergeSplits(splits: string[]): Promise<string[]> {
    const merged: string[] = [];
    const window: number[] = [];
    let windowStart = this.cursor;
    let windowLength = 0;

    for (const piece of splits) {
      if (window.length > 0 && windowLength + piece.length > this.chunkSize) {
        merged.push(...this.record(windowStart, windowStart + windowLength));
        while (
          windowLength > this.chunkOverlap ||
          (windowLength + piece.length > this.chunkSize && windowLength > 0)
        ) {
          const dropped = window.shift() ?? 0;
          windowStart += dropped;
          windowLength -= dropped;
        }
      }
      window.push(piece.length);
      windowLength += piece.length;
    }
    merged.push(...this.record(windowStart, windowStart + windowLength));
    this.cursor = windowStart + windowLength;

    return merged;
  }

  /** Stores the trimmed span unless it is blank; returns its text, or nothing if blank. */
  private record(start: number, end: number): string[] {
    const span = trimSpan(this.document, { start, end });
    if (span.start >= span.end) {
      return [];
    }
    this.spans.push(span);

    return [this.document.slice(span.start, span.end)];
  }
}

function splitAfter(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let from = 0;

  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, from)) {
    pieces.push(text.slice(from, at + separator.length));
    from = at + separator.length;
  }
  if (from < text.length) {
    pieces.push(text.slice(from));
  }

  return pieces;
}

// Uses the whitespace definition of String.prototype.trim, which the splitter applies to chunks.
export function trimSpan(text: string, { start, end }: Span): Span {
  const trimmedStart = skipWhitespace(text, start, end);
  let trimmedEnd = end;
  while (trimmedEnd > trimmedStart && /\s/.test(text[trimmedEnd - 1])) {
    trimmedEnd--;
  }

  return { start: trimmedStart, end: trimmedEnd };
}

export function skipWhitespace(text: string, start: number, end: number): number {
  let position = start;
  while (position < end && /\s/.test(text[position])) {
    position++;
  }

  return position;
}
