/**
 * Waits for every one of `steps`, which the caller started together because they are independent,
 * and returns their values in order. If any failed, throws the failure that comes first in the
 * list, however late it came: the caller lists the steps by which failure the member must hear
 * about (a tampered request before a refused code, a departed member before an unmapped one). No
 * step is left running unseen when another fails.
 */
export async function allOrFirstFailure<const T extends readonly unknown[]>(
  steps: {
    readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(steps);
  const failed = settled.find((step) => step.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((step) => (step as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
