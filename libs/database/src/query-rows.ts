import type { EntityManager } from 'typeorm';

/**
 * Runs SQL on the unit of work's connection and returns its rows, whatever the command.
 * `EntityManager.query` returns `[rows, count]` for UPDATE and DELETE, even with RETURNING.
 */
export async function queryRows<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  if (!manager.queryRunner) {
    throw new Error('queryRows must run inside a unit of work');
  }
  const result = await manager.queryRunner.query(sql, parameters, true);

  return result.records as T[];
}
