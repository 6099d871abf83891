import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Accounts } from './accounts.js';
import { credentialScope, identifyCaller } from './auth.js';
import { AwsError, awsErrors } from './aws-errors.js';
import { lookupEvents } from './cloudtrail-api.js';
import type { FaultInjector } from './faults.js';
import { newIds } from './ids.js';
import type { RecordedCall } from './model.js';
import { authorizeCall } from './role-authorization.js';

/**
 * CloudTrail's side of the server: JSON 1.1, told apart by its X-Amz-Target header. LookupEvents
 * answers the events of the account the caller acts in (a member account's for a session of one
 * of its roles), after that account's SCP and the role's policies allow it.
 */
function sendJson(response: ServerResponse, status: number, body: unknown, requestId: string): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': requestId,
    ...(status === 200 ? {} : { 'x-amzn-errortype': String((body as { __type?: string }).__type) }),
  });
  response.end(JSON.stringify(body));
}

function parseJsonBody(text: string): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsError({ status: 400, code: 'SerializationException', message: 'Malformed JSON body.' });
  }
}

export function handleCloudTrailRequest(input: {
  request: IncomingMessage;
  response: ServerResponse;
  text: string;
  operation: string;
  accounts: Accounts;
  faults: FaultInjector;
  pageSize: number;
}): void {
  const { request, response, operation, accounts, faults } = input;
  const { state } = accounts.home;
  const requestId = newIds.requestId();
  const scope = credentialScope(request.headers);
  const call: RecordedCall = {
    at: new Date(state.clock.now()),
    service: 'cloudtrail',
    action: operation,
    accessKeyId: scope?.accessKeyId,
    params: {},
    status: 'pending',
  };
  state.record(call);
  const fail = (error: AwsError) => {
    call.status = error.status;
    sendJson(response, error.status, { __type: error.code, message: error.message }, requestId);
  };
  const injected =
    faults.unavailable === 'http-503' ? awsErrors.serviceUnavailable() : faults.takeError(operation);
  if (injected !== undefined) {
    fail(injected);
    return;
  }
  try {
    if (operation !== 'LookupEvents') {
      throw new AwsError({
        status: 400,
        code: 'UnknownOperationException',
        message: `Unknown operation ${operation}`,
      });
    }
    const caller = identifyCaller({ headers: request.headers, service: 'cloudtrail', accounts });
    authorizeCall({ caller, service: 'cloudtrail', action: operation, params: {} });
    const result = lookupEvents(parseJsonBody(input.text), accounts.of(caller.state).cloudTrail, {
      pageSize: input.pageSize,
      now: state.clock.now(),
    });
    call.status = 200;
    sendJson(response, 200, result, requestId);
  } catch (error) {
    fail(
      error instanceof AwsError
        ? error
        : new AwsError({ status: 500, code: 'InternalFailure', message: String(error) }),
    );
  }
}
