import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '../../../sandbox/dynamodb-local.js';
import { openAuditTable } from '../../../src/store/index.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, processStore } from './fixtures.js';

/** The store as the bot builds it: no client passed, configured only by the SDK's standard variables. */
function stubStandardAwsEnvironment(endpoint: string) {
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_SESSION_TOKEN', undefined);
  vi.stubEnv('AWS_PROFILE', undefined);
}

beforeEach(() => vi.unstubAllEnvs());
afterEach(() => vi.unstubAllEnvs());

describe('DynamoDB store: client configuration', () => {
  it('finds DynamoDB through AWS_ENDPOINT_URL_DYNAMODB when no client is passed', async () => {
    stubStandardAwsEnvironment(inject('dynamoDbEndpoint'));
    const table = openAuditTable({ tableName: `client-${randomUUID()}` });
    const store = processStore(table);
    try {
      await store.createTable();
      const request = aRequest({}, { unique: true });
      await store.insertRequest(request, [createdEvent(request)]);

      expect(await store.getRequest(request.id)).toEqual(request);
    } finally {
      table.close();
    }
  });

  it('fails closed with AUDIT_STORE_UNAVAILABLE within a couple of seconds when DynamoDB is down', async () => {
    stubStandardAwsEnvironment(`http://127.0.0.1:${await freePort()}`);
    const table = openAuditTable({ tableName: 'mfa-reset-audit' });
    const store = processStore(table);
    try {
      const request = aRequest({}, { unique: true });
      const started = Date.now();

      const write = store.insertRequest(request, [createdEvent(request)]);

      await expect(write).rejects.toMatchObject({
        code: 'AUDIT_STORE_UNAVAILABLE',
        cause: expect.any(Error),
      });
      await expect(store.appendAudit([anEvent()])).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
      await expect(store.queryAudit({ by: 'time' })).rejects.toMatchObject({
        code: 'AUDIT_STORE_UNAVAILABLE',
      });
      await expect(store.getRequest(request.id)).rejects.toMatchObject({ code: 'AUDIT_STORE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      table.close();
    }
  });

  it('reports a missing table as AUDIT_STORE_UNAVAILABLE, naming the AWS error', async () => {
    stubStandardAwsEnvironment(inject('dynamoDbEndpoint'));
    const table = openAuditTable({ tableName: `missing-${randomUUID()}` });
    const store = processStore(table);
    try {
      await expect(store.appendAudit([anEvent()])).rejects.toMatchObject({
        code: 'AUDIT_STORE_UNAVAILABLE',
        details: { awsError: 'ResourceNotFoundException' },
      });
    } finally {
      table.close();
    }
  });
});
