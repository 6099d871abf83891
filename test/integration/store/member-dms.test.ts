import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from '../../../src/domain/request.js';
import { aRequest } from '../../unit/fakes/request-builder.js';
import { anEvent, createdEvent, freshTable, type TestTable } from './fixtures.js';

let table: TestTable;

beforeAll(async () => {
  table = await freshTable('member-dms');
});
afterAll(() => table.client.destroy());

const dm = { slackUserId: 'U0ALICE', channel: 'D0ALICE', ts: '1700000000.000200' };

describe('DynamoDB store: where the DMs about a pending request are', () => {
  it('keeps them on the pending request without a new version, so no decision loses its race to it', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);

    await table.store.rememberMemberDms(request.id, [dm]);

    expect(await table.store.getRequest(request.id)).toEqual({ ...request, memberDms: [dm] });
    const denied = transition(request, 'DENIED', new Date('2026-11-27T10:05:00.000Z'));
    await table.store.updateRequest(request, denied, [
      anEvent({ type: 'REQUEST_DENIED', requestId: request.id }),
    ]);
    expect((await table.store.getRequest(request.id))?.state).toBe('DENIED');
  });

  it('leaves a request that is no longer pending as it is, and one that does not exist absent', async () => {
    const request = aRequest({}, { unique: true });
    await table.store.insertRequest(request, [createdEvent(request)]);
    const cancelled = transition(request, 'CANCELLED', new Date('2026-11-27T10:05:00.000Z'));
    await table.store.updateRequest(request, cancelled, [
      anEvent({ type: 'REQUEST_CANCELLED', requestId: request.id }),
    ]);

    await table.store.rememberMemberDms(request.id, [dm]);
    await table.store.rememberMemberDms('no-such-request', [dm]);

    expect(await table.store.getRequest(request.id)).toEqual(cancelled);
    expect(await table.store.getRequest('no-such-request')).toBeUndefined();
  });
});
