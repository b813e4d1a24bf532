import { Writable } from 'node:stream';

import pino from 'pino';

import { REDACTED_PATHS, redactLogArguments, redactSecretText } from './log-redaction';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
const REFRESH_TOKEN = `0b5e1c9a-1f2e-4a3b-8c7d-1234567890ab.${'A'.repeat(43)}`;
const ACCESS_CODE = 'K7M2Q-9XH4T-B8RJD-3W6NC';

/** Creates a pino logger configured like the application's that writes its lines into an array. */
function captureLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino(
    {
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, redactLogArguments(args) as Parameters<pino.LogFn>);
        },
      },
    },
    stream,
  );

  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('log redaction', () => {
  it('redacts secret fields at any of three depths', () => {
    const { logger, lines } = captureLogger();
    logger.info({
      password: 'p1',
      body: { code: 'c1', password: 'p2' },
      a: { b: { refreshToken: 'r1' } },
      req: { headers: { authorization: 'Bearer x', cookie: 'y', 'x-api-key': 'z' } },
    });

    const text = JSON.stringify(lines());
    for (const secret of ['p1', 'c1', 'p2', 'r1', 'Bearer x', '"y"', '"z"']) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps error codes', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });

    expect(lines()[0]?.err).toMatchObject({ code: 'ECONNREFUSED', message: 'refused' });
  });

  it('redacts credential shapes in messages', () => {
    const { logger, lines } = captureLogger();
    logger.info(`got Bearer abc.def and ${JWT}, ${REFRESH_TOKEN}, ${ACCESS_CODE}`);

    const message = String(lines()[0]?.msg);
    expect(message).toBe('got [redacted] and [redacted], [redacted], [redacted]');
  });

  it('redacts the message and stack of a logged error', () => {
    const { logger, lines } = captureLogger();
    logger.error(new Error(`token ${JWT} rejected`));

    const [line] = lines();
    expect(line?.msg).toBe('token [redacted] rejected');
    expect(JSON.stringify(line)).not.toContain(JWT);
  });

  it('keeps the class of a logged error', () => {
    const { logger, lines } = captureLogger();
    logger.error({ err: new RangeError(`limit ${JWT}`) }, 'failed');

    expect(lines()[0]?.err).toMatchObject({ type: 'RangeError', message: 'limit [redacted]' });
  });

  it('leaves ids and ordinary text alone', () => {
    const text = 'document 0b5e1c9a-1f2e-4a3b-8c7d-1234567890ab of tenant ABCDE ready in 12 ms';

    expect(redactSecretText(text)).toBe(text);
  });
});
