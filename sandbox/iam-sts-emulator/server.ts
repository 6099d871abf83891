import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Accounts, type EmulatedAccount } from './accounts.js';
import { credentialScope, identifyCaller } from './auth.js';
import { AwsError, awsErrors } from './aws-errors.js';
import { cloudTrailOperation } from './cloudtrail-api.js';
import { CloudTrailLog } from './cloudtrail-log.js';
import { handleCloudTrailRequest } from './cloudtrail-server.js';
import { FaultInjector } from './faults.js';
import { type ActionHandler, iamActions } from './iam-actions.js';
import { newIds } from './ids.js';
import type { RecordedCall } from './model.js';
import { authorizeCall } from './role-authorization.js';
import { S3Buckets } from './s3-buckets.js';
import { handleS3Request } from './s3-server.js';
import { EmulatorState, REDACTED } from './state.js';
import { stsActions } from './sts-actions.js';
import { codeFor } from './totp.js';
import { recordInTrail } from './trail-recording.js';
import { errorResponse, namespaces, successResponse } from './xml.js';

/**
 * One HTTP server on 127.0.0.1 answering both IAM and STS in the AWS Query protocol, told apart by
 * the service in the SigV4 credential scope (or, for unsigned requests, by the action).
 */
export interface IamStsEmulatorOptions {
  /** Default 123456789012. */
  readonly accountId?: string;
  /** Largest page the List* actions return, whatever MaxItems asks (default 100, as IAM). */
  readonly pageSize?: number;
  /** The bot's MFA-only policy on DeactivateMFADevice / DeleteVirtualMFADevice (default on). */
  readonly deactivateRequiresMfa?: boolean;
  /** Largest page LookupEvents returns, whatever MaxResults asks (default 50, as CloudTrail). */
  readonly cloudTrailPageSize?: number;
  /** Largest page ListObjectsV2 and ListObjectVersions return, whatever max-keys asks (default 1000, as S3). */
  readonly s3PageSize?: number;
}

export interface IamStsEmulator {
  /** `http://127.0.0.1:PORT`: set it as AWS_ENDPOINT_URL_IAM and AWS_ENDPOINT_URL_STS. */
  readonly url: string;
  readonly state: EmulatorState;
  readonly faults: FaultInjector;
  /** The account's CloudTrail: every successful IAM change, answered to LookupEvents (JSON 1.1). */
  readonly cloudTrail: CloudTrailLog;
  /** The account's S3 buckets (REST, path-style; AWS_ENDPOINT_URL_S3), with versioning and Object Lock. */
  readonly s3: S3Buckets;
  /** The home account: `state` and `cloudTrail` above. */
  readonly home: EmulatedAccount;
  /**
   * Adds a member account (a 12-digit ID) with its own users, devices, groups, roles, service
   * control policy and CloudTrail log, on the home account's clock. Its roles' sessions act in it.
   */
  addAccount(accountId: string): EmulatedAccount;
  /** The home account or a member account added before; throws for any other. */
  account(accountId: string): EmulatedAccount;
  /** A device's code `offsetSteps` steps from the emulator's now (its clock can be advanced). */
  codeFor(seed: string, offsetSteps?: number): string;
  close(): Promise<void>;
}

type Service = 'iam' | 'sts';
const handlers: Readonly<Record<Service, Readonly<Record<string, ActionHandler>>>> = {
  iam: iamActions,
  sts: stsActions,
};

function serviceOf(scopeService: string | undefined, action: string): Service {
  if (scopeService === 'iam' || scopeService === 'sts') return scopeService;
  return action in stsActions ? 'sts' : 'iam';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's parameters, without the protocol's Action and Version. */
function paramsOf(form: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...form].filter(([name]) => name !== 'Action' && name !== 'Version'));
}

/** What the call log keeps: a test may print it, so token codes stay out of it. */
function redacted(params: Record<string, string>): Record<string, string> {
  const codes = ['TokenCode', 'AuthenticationCode1', 'AuthenticationCode2'].filter((name) => name in params);
  return { ...params, ...Object.fromEntries(codes.map((name) => [name, REDACTED])) };
}

function send(response: ServerResponse, status: number, body: string, requestId: string): void {
  response.writeHead(status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString(),
  });
  response.end(body);
}

export async function startIamStsEmulator(options: IamStsEmulatorOptions = {}): Promise<IamStsEmulator> {
  const state = new EmulatorState({
    accountId: options.accountId ?? '123456789012',
    pageSize: options.pageSize ?? 100,
    deactivateRequiresMfa: options.deactivateRequiresMfa ?? true,
  });
  const faults = new FaultInjector();
  /** Connections that carried a request already (for `faults.forgetIdleConnections`). */
  const answeredOn = new WeakSet<Socket>();
  const cloudTrail = new CloudTrailLog(state.accountId, 'us-east-1');
  const accounts = new Accounts({ accountId: state.accountId, state, cloudTrail }, 'us-east-1');
  const s3 = new S3Buckets(() => state.clock.now());

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    // S3 is REST (any method, the path names bucket and key); IAM, STS and CloudTrail always POST.
    if (credentialScope(request.headers)?.service === 's3' || request.method !== 'POST') {
      const pageSize = options.s3PageSize ?? 1000;
      return handleS3Request({ request, response, body, accounts, faults, buckets: s3, pageSize });
    }
    const text = body.toString('utf8');
    const target = request.headers['x-amz-target'];
    const operation = cloudTrailOperation(typeof target === 'string' ? target : undefined);
    if (operation !== undefined) {
      const pageSize = options.cloudTrailPageSize ?? 50;
      return handleCloudTrailRequest({ request, response, text, operation, accounts, faults, pageSize });
    }
    const form = new URLSearchParams(text);
    const action = form.get('Action') ?? '';
    const scope = credentialScope(request.headers);
    const service = serviceOf(scope?.service, action);
    const requestId = newIds.requestId();
    const params = paramsOf(form);
    const userAgent = request.headers['user-agent'];
    const call: RecordedCall = {
      at: new Date(state.clock.now()),
      service,
      action,
      accessKeyId: scope?.accessKeyId,
      ...(userAgent === undefined ? {} : { userAgent }),
      params: redacted(params),
      status: 'pending',
    };
    state.record(call);

    const answerError = (error: AwsError) => {
      call.status = error.status;
      const { type, code, message } = error;
      const body = errorResponse({ namespace: namespaces[service], type, code, message, requestId });
      send(response, error.status, body, requestId);
    };

    if (faults.unavailable === 'close-connections') {
      call.status = 'connection-closed';
      request.socket.destroy();
      return;
    }
    if (faults.forgetIdleConnections && answeredOn.has(request.socket)) {
      call.status = 'connection-closed';
      request.socket.resetAndDestroy();
      return;
    }
    answeredOn.add(request.socket);
    if (faults.unavailable === 'http-503') return answerError(awsErrors.serviceUnavailable());
    const latency = faults.latencyFor(action);
    if (latency > 0) await sleep(latency);
    const injected = faults.takeError(action);
    if (injected !== undefined) return answerError(injected);

    try {
      const handler = handlers[service][action];
      if (handler === undefined) throw awsErrors.invalidAction(action, form.get('Version') ?? '');
      const caller = identifyCaller({ headers: request.headers, service, accounts });
      authorizeCall({ caller, service, action, params });
      const result = handler({ params, caller, state: caller.state, accounts });
      call.status = 200;
      recordInTrail({
        accounts,
        service,
        action,
        params,
        caller,
        result,
        at: new Date(state.clock.now()),
        requestId,
        ...(userAgent === undefined ? {} : { userAgent }),
      });
      send(
        response,
        200,
        successResponse({ action, namespace: namespaces[service], result, requestId }),
        requestId,
      );
    } catch (error) {
      if (error instanceof AwsError) return answerError(error);
      answerError(new AwsError({ status: 500, code: 'InternalFailure', message: String(error) }));
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    faults,
    cloudTrail,
    s3,
    home: accounts.home,
    addAccount: (accountId) => accounts.add(accountId),
    account: (accountId) => {
      const account = accounts.get(accountId);
      if (account === undefined) throw new Error(`no account ${accountId}: add it first`);
      return account;
    },
    codeFor: (seed, offsetSteps = 0) => codeFor(seed, offsetSteps, state.clock.now()),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would otherwise hold the server open.
        server.closeAllConnections();
      }),
  };
}
