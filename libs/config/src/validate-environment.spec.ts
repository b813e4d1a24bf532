import { InvalidEnvironmentError, validateEnvironment } from './validate-environment';

describe('validateEnvironment', () => {
  it('applies defaults to an empty environment', () => {
    const env = validateEnvironment({});
    expect(env.APP_PORT).toBe(8000);
    expect(env.VECTOR_DIMENSION).toBe(1536);
    expect(env.EMBEDDING_PROVIDER).toBe('hashing');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and booleans', () => {
    const env = validateEnvironment({ APP_PORT: '9000', DEBUG_MODE: 'true' });
    expect(env.APP_PORT).toBe(9000);
    expect(env.DEBUG_MODE).toBe(true);
  });

  it('lists every invalid variable in one error', () => {
    let caught: unknown;
    try {
      validateEnvironment({
        APP_PORT: 'eighty',
        VECTOR_DIMENSION: '5000',
        EMBEDDING_PROVIDER: 'magic',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEnvironmentError);
    const message = (caught as Error).message;
    expect(message).toContain('APP_PORT="eighty"');
    expect(message).toContain('VECTOR_DIMENSION="5000"');
    expect(message).toContain('EMBEDDING_PROVIDER="magic"');
  });

  it('masks secrets and URL passwords', () => {
    let message = '';
    try {
      validateEnvironment({ JWT_SECRET_KEY: 'short', DATABASE_URL: 'mysql://user:hunter2@db/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('JWT_SECRET_KEY="****"');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short');
  });

  it('requires database, secret and CORS settings in production', () => {
    expect(() => validateEnvironment({ APP_ENV: 'production' })).toThrow(
      /DATABASE_URL[\s\S]*JWT_SECRET_KEY[\s\S]*CORS_ORIGINS/,
    );
  });

  it('rejects an overlap not smaller than the chunk size', () => {
    expect(() => validateEnvironment({ CHUNK_SIZE: '500', CHUNK_OVERLAP: '500' })).toThrow(
      /CHUNK_OVERLAP/,
    );
  });
});
