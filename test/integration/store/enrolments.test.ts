import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../../src/domain/request.js';
import { enrolmentKey } from '../../../src/store/table-layout.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, processStore, type TestTable } from './fixtures.js';

let table: TestTable;
beforeAll(async () => {
  table = await freshTable('enrolments');
});
afterAll(() => table.client.destroy());

const later = new Date('2026-11-27T10:05:00.000Z');

/** A request made, executed and completed through the store, as the approval writes it. */
async function completed() {
  const request = aRequest({}, { unique: true });
  await table.store.insertRequest(request, [createdEvent(request)]);
  const executing = transition(request, 'EXECUTING', later);
  await table.store.updateRequest(request, executing, [
    anEvent({ type: 'EXECUTION_STARTED', requestId: request.id }),
  ]);
  const done = transition(executing, 'COMPLETED', later);
  await table.store.updateRequest(executing, done, [
    anEvent({ type: 'REQUEST_COMPLETED', requestId: request.id }),
  ]);
  return done;
}

describe('DynamoDB store: completed requests followed to a new MFA device', () => {
  it('starts following the IAM user in the write that completes the request, and not one that fails it', async () => {
    const done = await completed();
    const failing = aRequest({}, { unique: true });
    await table.store.insertRequest(failing, [createdEvent(failing)]);
    const executing = transition(failing, 'EXECUTING', later);
    await table.store.updateRequest(failing, executing, [
      anEvent({ type: 'EXECUTION_STARTED', requestId: failing.id }),
    ]);
    await table.store.updateRequest(executing, transition(executing, 'FAILED', later), [
      anEvent({ type: 'REQUEST_FAILED', requestId: failing.id }),
    ]);

    const followed = await table.store.enrolments.followed(100);
    expect(followed).toContainEqual({
      requestId: done.id,
      iamUserName: done.target.iamUserName,
      completedAt: done.updatedAt,
      stage: 'watching',
    });
    expect(followed.map((f) => f.requestId)).not.toContain(failing.id);
  });

  it('moves a followed request on once: a second replica that read the same stage writes nothing, not even its event', async () => {
    const done = await completed();
    const read = (await table.store.enrolments.followed(100)).find((f) => f.requestId === done.id)!;
    const other = processStore({ tableName: table.tableName, client: table.client });
    const [first, second] = await Promise.all([
      table.store.enrolments.advance(read, 'reminded', [
        anEvent({ type: 'ENROLMENT_REMINDED', requestId: done.id }),
      ]),
      other.enrolments.advance(read, 'reminded', [
        anEvent({ type: 'ENROLMENT_REMINDED', requestId: done.id }),
      ]),
    ]);
    expect([first, second].filter((written) => written !== undefined)).toHaveLength(1);
    const trail = await table.store.queryAudit({ by: 'request', requestId: done.id });
    expect(trail.events.filter((e) => e.type === 'ENROLMENT_REMINDED')).toHaveLength(1);

    const reminded = (await table.store.enrolments.followed(100)).find((f) => f.requestId === done.id)!;
    expect(reminded.stage).toBe('reminded');
    expect(await table.store.enrolments.advance(read, 'settled', [])).toBeUndefined();
    expect(await table.store.enrolments.advance(reminded, 'settled', [])).toEqual([]);
    expect((await table.store.enrolments.followed(100)).map((f) => f.requestId)).not.toContain(done.id);
  });

  it('skips an item past its time to live and one it cannot read', async () => {
    const documents = DynamoDBDocumentClient.from(table.client);
    const at = '2026-11-01T10:00:00.000Z';
    await documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...enrolmentKey(at, 'expired'),
          requestId: 'expired',
          iamUserName: 'x',
          completedAt: at,
          stage: 'watching',
          expiresAtEpoch: 1,
        },
      }),
    );
    await documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...enrolmentKey(at, 'odd'),
          requestId: 'odd',
          iamUserName: 'x',
          completedAt: at,
          stage: 'whatever',
        },
      }),
    );
    const ids = (await table.store.enrolments.followed(100)).map((f) => f.requestId);
    expect(ids).not.toContain('expired');
    expect(ids).not.toContain('odd');
  });
});
