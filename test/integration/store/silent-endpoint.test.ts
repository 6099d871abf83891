import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsCallLimits, worstCaseMs } from '../../../src/aws-limits.js';
import { isResetError } from '../../../src/domain/errors.js';
import { openAuditTable } from '../../../src/store/index.js';
import { type SilentServer, startSilentServer } from '../../harness/silent-server.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { createdEvent, processStore } from './fixtures.js';

let silent: SilentServer;
beforeAll(async () => {
  silent = await startSilentServer();
});
afterAll(async () => silent.close());
beforeEach(() => {
  vi.unstubAllEnvs();
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', silent.url);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
});

/** How long a failure took, and the error it failed with. */
async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await work.then(
    () => new Error('expected the call to fail'),
    (failure: unknown) => failure,
  );
  return { ms: Date.now() - started, error };
}

describe('DynamoDB store against an endpoint that accepts connections and never answers', () => {
  it('fails reads, writes and the sweep’s listing with AUDIT_STORE_UNAVAILABLE within the time limit', async () => {
    // The store as the bot and the CLI build it: default client, configured by the environment.
    const table = openAuditTable({ tableName: 'mfa-reset-audit' });
    const store = processStore(table);
    const request = aRequest({}, { unique: true });
    const bound = worstCaseMs(awsCallLimits.dynamodb);
    try {
      const results = await Promise.all([
        timed(store.getRequest(request.id)),
        timed(store.insertRequest(request, [createdEvent(request)])),
        timed(store.listRequestsByState('PENDING')),
      ]);

      for (const { ms, error } of results) {
        expect(isResetError(error) && error.code).toBe('AUDIT_STORE_UNAVAILABLE');
        expect(isResetError(error) && error.details).toMatchObject({ timedOut: true });
        expect((error as Error).message).toMatch(/did not answer in time/);
        // It waited for the limit (not a refused connection) and gave up within the bound.
        expect(ms).toBeGreaterThanOrEqual(awsCallLimits.dynamodb.answerMs);
        expect(ms).toBeLessThan(bound + 1_500);
      }
      const operations = results.map(({ error }) => (isResetError(error) ? error.details.operation : ''));
      expect(operations).toEqual(['read a request', 'read the audit chain head', 'list requests']);
      // Every call made its configured attempts (retries included), and no more.
      expect(silent.connections).toBe(3 * awsCallLimits.dynamodb.maxAttempts);
    } finally {
      table.close();
    }
  });
});
