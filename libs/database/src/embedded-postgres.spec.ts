import { stat } from 'node:fs/promises';

import { Client } from 'pg';

import { EmbeddedPostgres, IN_MEMORY } from './embedded-postgres';

describe('EmbeddedPostgres', () => {
  it('serves SQL on a socket only its owner can reach', async () => {
    const embedded = await EmbeddedPostgres.start(IN_MEMORY, 2);
    const socketDir = new URL(embedded.url).searchParams.get('host') as string;
    try {
      expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
      const client = new Client({ connectionString: embedded.url });
      await client.connect();
      const result = await client.query<{ answer: number }>('SELECT 41 + 1 AS answer');
      await client.end();
      expect(result.rows[0]?.answer).toBe(42);
    } finally {
      await embedded.stop();
    }
    await expect(stat(socketDir)).rejects.toThrow(/ENOENT/);
  });
});
