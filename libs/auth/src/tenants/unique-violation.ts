import { QueryFailedError } from 'typeorm';

/** True for PostgreSQL's unique_violation (SQLSTATE 23505), as a concurrent insert raises it. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === '23505'
  );
}
