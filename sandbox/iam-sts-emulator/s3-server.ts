import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts } from './accounts.js';
import { credentialScope, identifyCaller } from './auth.js';
import { AwsError } from './aws-errors.js';
import type { FaultInjector } from './faults.js';
import { newIds } from './ids.js';
import type { RecordedCall } from './model.js';
import { answerS3, s3ErrorBody, s3Operation } from './s3-api.js';
import { type S3Buckets, S3Error, s3Errors } from './s3-buckets.js';

/**
 * One S3 request, as the emulator's server hands it over: recorded in the call log, subject to the
 * injected faults, signed with known credentials (S3 answers an unsigned or unknown caller with
 * 403 AccessDenied), then answered by `answerS3`. The buckets are the home account's: a caller of
 * another account is denied too.
 */
export function handleS3Request(input: {
  request: IncomingMessage;
  response: ServerResponse;
  body: Buffer;
  accounts: Accounts;
  faults: FaultInjector;
  buckets: S3Buckets;
  pageSize: number;
}): void {
  const { request, response, accounts, faults } = input;
  const { state } = accounts.home;
  const requestId = newIds.requestId().replace(/-/g, '').slice(0, 16).toUpperCase();
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const operation = s3Operation({ method, url });
  const call: RecordedCall = {
    at: new Date(state.clock.now()),
    service: 's3',
    action: operation,
    accessKeyId: credentialScope(request.headers)?.accessKeyId,
    params: { method, path: new URL(url, 'http://s3.local').pathname },
    status: 'pending',
  };
  state.record(call);
  const common = { 'x-amz-request-id': requestId, 'x-amz-id-2': Buffer.from(requestId).toString('base64') };
  const fail = (error: AwsError) => {
    call.status = error.status;
    const headers = error instanceof S3Error ? error.headers : {};
    response.writeHead(error.status, { 'content-type': 'application/xml', ...common, ...headers });
    // HEAD answers carry no body, in S3 as in HTTP.
    response.end(method === 'HEAD' ? undefined : s3ErrorBody(error, requestId));
  };
  if (faults.unavailable === 'close-connections') {
    call.status = 'connection-closed';
    request.socket.destroy();
    return;
  }
  if (faults.unavailable === 'http-503') {
    fail(
      new S3Error({ status: 503, code: 'ServiceUnavailable', message: 'Please reduce your request rate.' }),
    );
    return;
  }
  const injected = faults.takeError(operation);
  if (injected !== undefined) {
    fail(injected);
    return;
  }
  try {
    let caller: ReturnType<typeof identifyCaller> | undefined;
    try {
      caller = identifyCaller({ headers: request.headers, service: 's3', accounts });
    } catch {
      throw s3Errors.accessDenied();
    }
    if (caller.state !== state) throw s3Errors.accessDenied();
    const answer = answerS3(
      input.buckets,
      { method, url, headers: request.headers, body: input.body },
      {
        pageSize: input.pageSize,
      },
    );
    call.status = answer.status;
    response.writeHead(answer.status, { ...common, ...answer.headers });
    response.end(answer.body);
  } catch (error) {
    fail(
      error instanceof AwsError
        ? error
        : new S3Error({ status: 500, code: 'InternalError', message: String(error) }),
    );
  }
}
