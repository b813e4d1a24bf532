import { ProbeError } from './dependency-probe';
import { describeProbeFailure } from './describe-probe-failure';

function errorWithCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeProbeFailure', () => {
  it.each([
    [errorWithCode('connect ECONNREFUSED 10.1.2.3:5432', 'ECONNREFUSED'), 'connection refused'],
    [errorWithCode('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'), 'host not found'],
    [
      errorWithCode('password authentication failed for user "api"', '28P01'),
      'authentication failed',
    ],
    [
      errorWithCode('the database system is starting up', '57P03'),
      'server not accepting connections',
    ],
    [new Error('timeout expired'), 'timed out'],
    [new Error('Query read timeout'), 'timed out'],
    [new Error('Command timed out'), 'timed out'],
  ])('maps %s to a reason without hosts', (error, reason) => {
    expect(describeProbeFailure(error)).toBe(reason);
  });

  it('hides the message of an unknown error', () => {
    expect(describeProbeFailure(new Error('relation "x" at db.internal:5432 does not exist'))).toBe(
      'failed',
    );
  });

  it('keeps the message of a ProbeError', () => {
    expect(describeProbeFailure(new ProbeError('not connected'))).toBe('not connected');
  });

  it('accepts values that are not errors', () => {
    expect(describeProbeFailure(undefined)).toBe('failed');
    expect(describeProbeFailure('boom')).toBe('failed');
  });
});
