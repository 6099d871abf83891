/**
 * The failure of an AWS SDK call as it came over the wire: the AWS error code (`Code`, else the
 * error's name), its message and the HTTP status. Throws when the call did not fail.
 */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      Code?: string;
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
    };
    const status = e.$metadata?.httpStatusCode;
    return { code: e.Code ?? e.name, message: e.message, ...(status === undefined ? {} : { status }) };
  }
  throw new Error('expected the call to fail');
}
