import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amend } from '../../../src/domain/request.js';
import { approvalRecordKey, eventKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, type TestTable } from './fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable('approvals');
});
afterAll(() => table.client.destroy());

const later = new Date('2026-11-27T10:05:00.000Z');
const documents = () => DynamoDBDocumentClient.from(table.client);

/** A pending request with one approval recorded by the store, as the partial approval writes it. */
async function approvedOnce() {
  const request = aRequest({}, { unique: true });
  const [creation] = await table.store.insertRequest(request, [createdEvent(request)]);
  const approved = amend(request, later, {
    approvals: [{ slackUserId: 'U0ERIN', at: later.toISOString(), mfaSerial: 'arn:aws:iam::1:mfa/erin' }],
  });
  const [approval] = await table.store.updateRequest(request, approved, [
    anEvent({
      type: 'APPROVAL_RECORDED',
      requestId: request.id,
      actor: { kind: 'member', slackUserId: 'U0ERIN' },
      mfaSerial: 'arn:aws:iam::1:mfa/erin',
    }),
  ]);
  return { request: approved, creation: creation!, approval: approval! };
}

describe('DynamoDB store: the approvals a request’s chain records', () => {
  it('finds each APPROVAL_RECORDED event through the record written with it, while the chain links to it', async () => {
    const { request, approval } = await approvedOnce();
    expect(await table.store.recordedApprovalsOf(request.id, 1)).toEqual([approval]);
    await table.store.appendAudit([anEvent({ type: 'APPROVAL_REFUSED', requestId: request.id })]);
    expect(await table.store.recordedApprovalsOf(request.id, 1)).toEqual([approval]);
  });

  it('counts neither a record planted at another event nor an approval event edited since', async () => {
    const { request, creation, approval } = await approvedOnce();
    await documents().send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...approvalRecordKey(request.id, creation.seq),
          entity: 'approvalRecord',
          hash: creation.hash,
        },
      }),
    );
    expect(await table.store.recordedApprovalsOf(request.id, 1)).toEqual([approval]);

    await documents().send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: eventKey(approval.seq),
        UpdateExpression: 'SET actor = :actor',
        ExpressionAttributeValues: { ':actor': { kind: 'member', slackUserId: 'U0FRANK' } },
      }),
    );
    expect(await table.store.recordedApprovalsOf(request.id, 1)).toEqual([]);
  });

  it('finds the approvals of a request approved before the records existed through the request index, only when its item lists some', async () => {
    const { request, approval } = await approvedOnce();
    await documents().send(
      new DeleteCommand({ TableName: table.tableName, Key: approvalRecordKey(request.id, approval.seq) }),
    );
    expect(await table.store.recordedApprovalsOf(request.id, 1)).toEqual([approval]);
    expect(await table.store.recordedApprovalsOf(request.id, 0)).toEqual([]);
  });
});
