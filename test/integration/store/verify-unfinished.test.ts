import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { transition } from '../../../src/domain/request.js';
import { requestKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable } from './fixtures.js';

const later = new Date('2026-11-27T10:05:00.000Z');

describe('DynamoDB store: verify knows a request waiting to be finished', () => {
  it('accepts an UNFINISHED request, and fails one put back to EXECUTING after REQUEST_UNFINISHED', async () => {
    const own = await freshTable('verify-unfinished');
    const request = aRequest({}, { unique: true });
    await own.store.insertRequest(request, [createdEvent(request)]);
    const executing = transition(request, 'EXECUTING', later);
    await own.store.updateRequest(request, executing, [
      anEvent({ type: 'EXECUTION_STARTED', requestId: request.id, outcome: 'info' }),
    ]);
    const unfinished = transition(executing, 'UNFINISHED', later, { failureCode: 'DEVICE_NOT_DELETED' });
    await own.store.updateRequest(executing, unfinished, [
      anEvent({ type: 'REQUEST_UNFINISHED', requestId: request.id, outcome: 'failure' }),
    ]);
    expect(await own.store.verifyAuditChain()).toMatchObject({ ok: true, requestsChecked: 1 });

    // Put back to EXECUTING, the reconciler would read IAM and close it again.
    await DynamoDBDocumentClient.from(own.client).send(
      new UpdateCommand({
        TableName: own.tableName,
        Key: requestKey(request.id),
        UpdateExpression: 'SET #state = :executing, byStatePK = :pk',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':executing': 'EXECUTING', ':pk': 'STATE#EXECUTING' },
      }),
    );
    expect(await own.store.verifyAuditChain()).toMatchObject({
      ok: false,
      badRequestId: request.id,
      problem: expect.stringMatching(/is EXECUTING, but event \d+ made it UNFINISHED/),
    });
    own.client.destroy();
  });
});
