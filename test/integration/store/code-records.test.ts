import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDraft } from '../../../src/domain/audit.js';
import { deviceCodeKey, eventKey, requestCodeKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, type TestTable } from './fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable('codes');
});
afterAll(() => table.client.destroy());

const documents = () => DynamoDBDocumentClient.from(table.client);
const serial = () => `arn:aws:iam::1:mfa/erin-${Math.random().toString(36).slice(2)}`;
const at = '2026-11-27T10:00:00.000Z';

function aboutCode(
  type: AuditEventDraft['type'],
  code: { requestId: string; serial: string; submission: string },
): AuditEventDraft {
  return anEvent({
    type,
    at,
    requestId: code.requestId,
    actor: { kind: 'member', slackUserId: 'U0ERIN' },
    mfaSerial: code.serial,
    details: { submission: code.submission },
  });
}

async function aRequestWithCodes() {
  const request = aRequest({}, { unique: true });
  await table.store.insertRequest(request, [createdEvent(request)]);
  const device = serial();
  const code = (submission: string) => ({ requestId: request.id, serial: device, submission });
  await table.store.appendAudit([aboutCode('TOKEN_SUBMITTED', code('s1'))]);
  const [rejected] = await table.store.appendAudit([aboutCode('TOKEN_REJECTED', code('s1'))]);
  await table.store.appendAudit([aboutCode('TOKEN_SUBMITTED', code('s2'))]);
  const [accepted] = await table.store.appendAudit([aboutCode('STEP_UP_FAILED', code('s2'))]);
  await table.store.appendAudit([aboutCode('TOKEN_SUBMITTED', code('s3'))]);
  return { request, device, rejected: rejected!, accepted: accepted! };
}

const query = (requestId: string, device: string) =>
  table.store.chainedCodesOf({ requestId, serial: device, since: '2026-11-27T09:45:00.000Z' });

describe('DynamoDB store: the codes the chain records', () => {
  it('finds every code sent for the request and the device, with what settled each', async () => {
    const { request, device } = await aRequestWithCodes();
    const codes = await query(request.id, device);
    expect(codes.request).toEqual([
      { id: 's1', outcome: 'wrong' },
      { id: 's2', outcome: 'given-back' },
      { id: 's3' },
    ]);
    expect(codes.device).toEqual([
      { id: 's1', at, outcome: 'wrong' },
      { id: 's2', at, outcome: 'given-back' },
      { id: 's3', at },
    ]);
    expect(
      (
        await table.store.chainedCodesOf({
          requestId: request.id,
          serial: device,
          since: '2026-11-27T10:00:01Z',
        })
      ).device,
    ).toEqual([]);
  });

  it('lets neither a planted settlement record nor an edited settling event give a code back', async () => {
    const { request, device, rejected, accepted } = await aRequestWithCodes();
    // A record pointing the last code at an event that settles another one.
    await documents().send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...requestCodeKey(request.id, { seq: rejected.seq }), entity: 'eventRecord' },
      }),
    );
    // The accepted code's settlement edited to name the third code.
    await documents().send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: eventKey(accepted.seq),
        UpdateExpression: 'SET details = :details',
        ExpressionAttributeValues: { ':details': { submission: 's3' } },
      }),
    );
    const codes = await query(request.id, device);
    expect(codes.request.map((code) => [code.id, code.outcome])).toEqual([
      ['s1', 'wrong'],
      ['s2', undefined],
      ['s3', undefined],
    ]);
    // A code sent counts by its record's key alone: a planted one counts too (it can only add).
    await documents().send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...deviceCodeKey(device, at, { submission: 'planted' }), entity: 'eventRecord' },
      }),
    );
    expect((await query(request.id, device)).device.map((code) => code.id)).toContain('planted');
  });
});
