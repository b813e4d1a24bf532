import type { DataSource } from 'typeorm';

/** Raised at startup when the database schema does not match this build. */
export class SchemaMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

/** Fails when migrations are pending, so production never serves an old schema. */
export async function assertMigrationsApplied(dataSource: DataSource): Promise<void> {
  const pending = await dataSource.showMigrations();
  if (pending) {
    throw new SchemaMismatchError(
      'The database has pending migrations: run `npm run migrate` with MIGRATIONS_DATABASE_URL ' +
        '(or DATABASE_URL) pointing at the schema owner, then start again.',
    );
  }
}

/** Compares the `chunks.embedding` column width with VECTOR_DIMENSION. */
export async function assertVectorDimension(
  dataSource: DataSource,
  expected: number,
): Promise<void> {
  const rows: { type: string }[] = await dataSource.query(
    `SELECT format_type(atttypid, atttypmod) AS type
       FROM pg_attribute
      WHERE attrelid = 'public.chunks'::regclass AND attname = 'embedding'`,
  );
  const actual = Number(/vector\((\d+)\)/.exec(rows[0]?.type ?? '')?.[1]);
  if (actual !== expected) {
    // TODO: offer a re-embedding command that rebuilds the column at the new width.
    throw new SchemaMismatchError(
      `VECTOR_DIMENSION is ${expected} but the chunks.embedding column stores vectors of ` +
        `${actual} dimensions. Set VECTOR_DIMENSION=${actual}, or start on a new database ` +
        `(or a new PGLITE_DATA_DIR) and upload the documents again to use ${expected}.`,
    );
  }
}
