import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import {
  differingFacts,
  factsOfCreation,
  factsOfRequest,
  withRecordedFacts,
} from '../../../src/domain/request-facts.js';
import { ALICE_HARDWARE, ALICE_VIRTUAL, BOB } from '../fakes/people.js';
import { aDevice, aRequest } from '../fakes/request-builder.js';

/** The REQUEST_CREATED event the bot writes for `request`. */
function creationOf(request = aRequest()): AuditEvent {
  return {
    eventId: 'e1',
    type: 'REQUEST_CREATED',
    at: request.createdAt,
    requestId: request.id,
    actor: { kind: 'member', slackUserId: request.requesterSlackId },
    target: request.target,
    devices: request.devices.map((d) => d.serial),
    deviceKinds: request.devices.map((d) => d.kind),
    reason: request.reason,
    outcome: 'success',
    details: { expiresAt: request.expiresAt },
    seq: 1,
    prevHash: '0',
    hash: 'h',
  };
}

describe('request facts', () => {
  it('agree between a request and its REQUEST_CREATED event', () => {
    expect(differingFacts(factsOfCreation(creationOf()), factsOfRequest(aRequest()))).toEqual([]);
  });

  it('name every fact that was changed', () => {
    const changed = aRequest({
      target: { slackUserId: BOB, iamUserName: 'bob' },
      devices: [aDevice(ALICE_HARDWARE), aDevice(ALICE_VIRTUAL)],
      reason: 'other',
    });
    expect(differingFacts(factsOfCreation(creationOf()), factsOfRequest(changed))).toEqual([
      'targetSlackUserId',
      'iamUserName',
      'reason',
      'serials',
      'kinds',
    ]);
  });

  it('still compare the serials of a record made before kinds were recorded', () => {
    const { deviceKinds: _kinds, ...legacy } = creationOf();
    const recorded = factsOfCreation(legacy);
    expect(recorded.kinds).toBeUndefined();
    expect(differingFacts(recorded, factsOfRequest(aRequest()))).toEqual([]);
    expect(differingFacts(recorded, factsOfRequest(aRequest({ devices: [aDevice(ALICE_VIRTUAL)] })))).toEqual(
      ['serials'],
    );
  });

  it('never match an event that lacks them', () => {
    const bare: AuditEvent = { ...creationOf(), target: undefined, devices: undefined, details: undefined };
    expect(differingFacts(factsOfCreation(bare), factsOfRequest(aRequest()))).toEqual([
      'targetSlackUserId',
      'iamUserName',
      'expiresAt',
      'serials',
    ]);
  });

  it('put the recorded facts back on a request', () => {
    const changed = aRequest({ target: { slackUserId: BOB, iamUserName: 'bob' }, devices: [] });
    expect(withRecordedFacts(changed, factsOfCreation(creationOf()))).toEqual({ ...aRequest() });
  });
});
