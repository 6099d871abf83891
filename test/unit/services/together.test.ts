import { describe, expect, it } from 'vitest';
import { allOrFirstFailure } from '../../../src/services/together.js';

/** A promise settled by hand, to choose which step fails first in time. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('allOrFirstFailure', () => {
  it('returns every value, in the order of the steps', async () => {
    await expect(allOrFirstFailure([Promise.resolve(1), Promise.resolve('two')])).resolves.toEqual([
      1,
      'two',
    ]);
  });

  it('throws the failure of the first step in the list, even when a later one failed sooner', async () => {
    const tampered = deferred<void>();
    const refused = deferred<void>();
    const both = allOrFirstFailure([tampered.promise, refused.promise]);
    refused.reject(new Error('code refused'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    tampered.reject(new Error('request tampered'));
    await expect(both).rejects.toThrow('request tampered');
  });

  it('waits for every step before it throws: none is left running unseen', async () => {
    const slow = deferred<string>();
    let settled = false;
    const both = allOrFirstFailure([Promise.reject(new Error('refused')), slow.promise]).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    slow.resolve('done');
    await expect(both).rejects.toThrow('refused');
  });
});
