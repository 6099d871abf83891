import { describe, expect, it } from 'vitest';
import { cancellationReasonCodes, refusesContent } from '../../../src/store/errors.js';

/** An error as the SDK builds it from DynamoDB's answer: its name is the error's code. */
function awsError(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} from DynamoDB`), { name }, fields);
}

describe('what a refused transaction says about its writes', () => {
  it('tells a refusal of what a transaction carries from contention and outages', () => {
    const cancelled = (...codes: string[]) =>
      awsError('TransactionCanceledException', { CancellationReasons: codes.map((Code) => ({ Code })) });
    const refused = (error: Error) => refusesContent(error, cancellationReasonCodes(error));

    // Documented cancellation reasons for an item too large, or an item collection over its limit.
    expect(refused(cancelled('None', 'ValidationError', 'None'))).toBe(true);
    expect(refused(cancelled('ItemCollectionSizeLimitExceeded', 'None'))).toBe(true);
    // A whole request refused without naming an item (DynamoDB's answer to an item over 400 KB).
    expect(refused(awsError('ValidationException'))).toBe(true);
    // Someone else moved first, or the store is not there: not a write's content.
    expect(refused(cancelled('None', 'TransactionConflict'))).toBe(false);
    expect(refused(cancelled('None', 'None'))).toBe(false);
    expect(refused(awsError('InternalServerError'))).toBe(false);
    expect(refused(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
