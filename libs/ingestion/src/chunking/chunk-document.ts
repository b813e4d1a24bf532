import {
  OffsetTrackingSplitter,
  skipWhitespace,
  type Span,
  trimSpan,
} from './offset-tracking-splitter';

/** Passage of a normalised document, the unit that is embedded, indexed and cited. */
export interface DocumentChunk {
  /** Position of the chunk in the document, from 0. */
  ordinal: number;
  /** Titles of the Markdown headings that enclose the chunk's new text, outermost first. */
  headingPath: string[];
  /** Equal to `document.slice(startOffset, endOffset)`. */
  text: string;
  /** UTF-16 code unit offset into the normalised document, inclusive. */
  startOffset: number;
  /** UTF-16 code unit offset into the normalised document, exclusive. */
  endOffset: number;
  tokenEstimate: number;
}

export interface ChunkingOptions {
  /** Maximum chunk length in characters (UTF-16 code units). */
  chunkSize: number;
  /** Maximum number of characters a chunk repeats from the end of the previous one. */
  chunkOverlap: number;
}

export const DEFAULT_CHUNKING_OPTIONS: ChunkingOptions = { chunkSize: 1000, chunkOverlap: 150 };

// The usual rule of thumb for English text and OpenAI tokenizers. Token counts derived from it are
// estimates, not counts.
const CHARACTERS_PER_TOKEN = 4;

interface Heading {
  level: number;
  lineStart: number;
  lineEnd: number;
  /** Titles of this heading and of the headings that enclose it, outermost first. */
  path: string[];
}

/**
 * Splits a normalised Markdown or plain-text document into overlapping chunks.
 *
 * A level-1 or level-2 ATX heading starts a new section, and no chunk spans two sections. Inside
 * a section, LangChain's RecursiveCharacterTextSplitter prefers paragraph, line, sentence and
 * then word boundaries, so chunks never end inside a word. A single word longer than `chunkSize`
 * becomes a chunk of its own. Overlap is made of whole pieces (paragraphs, lines, sentences or
 * words, whichever level the split happened at) of at most `chunkOverlap` characters in total, so
 * two chunks split between paragraphs longer than that share no text. A heading line is kept
 * together with the start of the text it introduces. Returns a promise because LangChain's
 * splitter API is asynchronous.
 */
export async function chunkDocument(
  text: string,
  options: ChunkingOptions = DEFAULT_CHUNKING_OPTIONS,
): Promise<DocumentChunk[]> {
  validateOptions(options);

  const headings = findHeadings(text);
  const chunks: DocumentChunk[] = [];
  for (const section of findSections(text, headings)) {
    const spans = await chunkSection(text, section, headings, options);

    spans.forEach((span, index) => {
      const chunkText = text.slice(span.start, span.end);
      chunks.push({
        ordinal: chunks.length,
        headingPath: headingPathAt(headings, newTextStart(text, spans, index)),
        text: chunkText,
        startOffset: span.start,
        endOffset: span.end,
        tokenEstimate: Math.ceil(chunkText.length / CHARACTERS_PER_TOKEN),
      });
    });
  }

  return chunks;
}

function validateOptions({ chunkSize, chunkOverlap }: ChunkingOptions): void {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new RangeError(`Invalid chunkSize ${chunkSize}: expected a positive integer.`);
  }
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new RangeError(
      `Invalid chunkOverlap ${chunkOverlap}: expected an integer from 0 to ${chunkSize - 1}, ` +
        `below chunkSize ${chunkSize}.`,
    );
  }
}

/** Finds ATX headings with a non-empty title, skipping lines inside fenced code blocks. */
function findHeadings(text: string): Heading[] {
  const headings: Heading[] = [];
  const enclosing: { level: number; title: string }[] = [];
  let fence: string | undefined;
  let lineStart = 0;

  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    const fenceMarker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];

    if (fence !== undefined) {
      if (
        fenceMarker?.[0] === fence[0] &&
        fenceMarker.length >= fence.length &&
        isBlankAfter(line, fenceMarker)
      ) {
        fence = undefined;
      }
    } else if (fenceMarker !== undefined) {
      fence = fenceMarker;
    } else {
      const heading = parseAtxHeading(line);
      if (heading) {
        while (enclosing.length > 0 && enclosing[enclosing.length - 1].level >= heading.level) {
          enclosing.pop();
        }
        enclosing.push(heading);
        headings.push({
          level: heading.level,
          lineStart,
          lineEnd,
          path: enclosing.map((entry) => entry.title),
        });
      }
    }

    lineStart = lineEnd + 1;
  }

  return headings;
}

function isBlankAfter(line: string, marker: string): boolean {
  return line.slice(line.indexOf(marker) + marker.length).trim() === '';
}

function parseAtxHeading(line: string): { level: number; title: string } | undefined {
  const match = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/.exec(line);
  if (!match) {
    return undefined;
  }

  // An optional closing sequence of '#' characters is not part of the title.
  const title = match[2].replace(/(?:^|[ \t])#+[ \t]*$/, '').trim();

  return title === '' ? undefined : { level: match[1].length, title };
}

/** Cuts the document before every level-1 and level-2 heading into trimmed, non-blank ranges. */
function findSections(text: string, headings: Heading[]): Span[] {
  const cuts = headings.filter((heading) => heading.level <= 2).map((heading) => heading.lineStart);
  const bounds = [0, ...cuts, text.length];
  const sections: Span[] = [];

  for (let index = 0; index + 1 < bounds.length; index++) {
    const section = trimSpan(text, { start: bounds[index], end: bounds[index + 1] });
    if (section.start < section.end) {
      sections.push(section);
    }
  }

  return sections;
}

async function chunkSection(
  text: string,
  section: Span,
  headings: Heading[],
  options: ChunkingOptions,
): Promise<Span[]> {
  const spans = await splitSpan(text, section, options.chunkSize, options.chunkOverlap);
  const withoutTrailingHeadings = moveTrailingHeadings(text, spans, headings);
  const withHeadingsAttached = await attachHeadingsToBody(
    text,
    withoutTrailingHeadings,
    headings,
    options,
  );

  return dropContainedSpans(withHeadingsAttached);
}

/**
 * Drops chunks that lie inside a neighbour. LangChain emits its retained overlap as a chunk of its
 * own when a whitespace piece ends a merge, and moving a heading out can leave only overlap behind.
 */
function dropContainedSpans(spans: Span[]): Span[] {
  const result: Span[] = [];

  for (const span of spans) {
    const last = result[result.length - 1];
    if (last !== undefined && span.start >= last.start && span.end <= last.end) {
      continue;
    }
    if (last !== undefined && span.start <= last.start) {
      result.pop();
    }
    result.push(span);
  }

  return result;
}

/**
 * Moves heading lines that end a chunk out of it, so they can start the next chunk instead.
 * When the next chunk already repeats them as overlap, they are only dropped from this one.
 */
function moveTrailingHeadings(text: string, spans: Span[], headings: Heading[]): Span[] {
  const result: Span[] = [];

  spans.forEach((span, index) => {
    const next = spans[index + 1];
    const headingStart = trailingHeadingsStart(text, span, headings);
    if (next === undefined || headingStart <= span.start || headingStart >= span.end) {
      result.push(span);

      return;
    }

    result.push(trimSpan(text, { start: span.start, end: headingStart }));
    if (next.start > headingStart) {
      result.push({ start: headingStart, end: span.end });
    }
  });

  return result;
}

/** Returns where the run of heading lines that ends the span starts, or `span.end` if none does. */
function trailingHeadingsStart(text: string, span: Span, headings: Heading[]): number {
  let start = span.end;
  const inside = headings.filter((h) => h.lineStart >= span.start && h.lineEnd <= span.end);

  for (const heading of inside.reverse()) {
    if (text.slice(heading.lineEnd, start).trim() !== '') {
      break;
    }
    start = heading.lineStart;
  }

  return start;
}

/**
 * Merges each chunk made only of heading lines with the start of the next chunk. The next chunk
 * is split again with the space the headings leave, so the merged chunk stays within chunkSize.
 */
async function attachHeadingsToBody(
  text: string,
  spans: Span[],
  headings: Heading[],
  options: ChunkingOptions,
): Promise<Span[]> {
  const result: Span[] = [];

  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    const next = spans[index + 1];
    const room = next === undefined ? 0 : options.chunkSize - (next.start - span.start);

    // Headings that take half of the chunk or more stay alone rather than leave room for a
    // fragment of a sentence.
    if (
      next === undefined ||
      !isHeadingsOnly(text, span, headings) ||
      next.start < span.end ||
      room < options.chunkSize / 2
    ) {
      result.push(span);
      continue;
    }

    const pieces = await splitSpan(text, next, room, Math.min(options.chunkOverlap, room - 1));
    if (pieces[0].end - span.start > options.chunkSize) {
      // The next chunk starts with a word longer than the room left, which must stay whole.
      result.push(span);
      continue;
    }

    result.push({ start: span.start, end: pieces[0].end });
    if (pieces.length > 1) {
      const rest = { start: pieces[1].start, end: next.end };
      const restSpans = await splitSpan(text, rest, options.chunkSize, options.chunkOverlap);
      // A rest chunk that starts inside the chunk after `next` would repeat a part of it.
      const following = spans[index + 2];
      result.push(
        ...restSpans.filter(
          (restSpan) => following === undefined || restSpan.start < following.start,
        ),
      );
    }
    index++;
  }

  return result;
}

function isHeadingsOnly(text: string, span: Span, headings: Heading[]): boolean {
  const inside = headings.filter((h) => h.lineStart >= span.start && h.lineStart < span.end);
  let position = span.start;

  for (const heading of inside) {
    if (text.slice(position, heading.lineStart).trim() !== '') {
      return false;
    }
    position = heading.lineEnd;
  }

  return inside.length > 0 && text.slice(position, span.end).trim() === '';
}

/** Returns the offset of the first character of a chunk that the previous chunk does not repeat. */
function newTextStart(text: string, spans: Span[], index: number): number {
  const span = spans[index];
  const previousEnd = index === 0 ? span.start : spans[index - 1].end;
  const start = skipWhitespace(text, Math.max(span.start, previousEnd), span.end);

  return start < span.end ? start : span.start;
}

function headingPathAt(headings: Heading[], position: number): string[] {
  return headings.findLast((heading) => heading.lineStart <= position)?.path ?? [];
}

async function splitSpan(
  text: string,
  span: Span,
  chunkSize: number,
  chunkOverlap: number,
): Promise<Span[]> {
  return new OffsetTrackingSplitter(text, span, chunkSize, chunkOverlap).split();
}
