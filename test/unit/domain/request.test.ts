import { describe, expect, it } from 'vitest';
import {
  amend,
  assertOpenForDecision,
  isExpired,
  isFinal,
  newRequest,
  type RequestState,
  startExecution,
  transition,
} from '../../../src/domain/request.js';
import { ALICE, ERIN, SAM } from '../fakes/people.js';
import { aDevice, aRequest, REQUESTED_AT } from '../fakes/request-builder.js';

const later = new Date('2025-03-03T09:05:00.000Z');

describe('newRequest', () => {
  it('starts a request as PENDING, version 1, with no approvals', () => {
    const request = aRequest();
    expect(request).toMatchObject({
      state: 'PENDING',
      version: 1,
      approvals: [],
      createdAt: REQUESTED_AT,
      updatedAt: REQUESTED_AT,
    });
  });

  it('sets the expiry ttlMinutes after creation', () => {
    expect(aRequest().expiresAt).toBe('2025-03-03T10:00:00.000Z');
  });

  it('refuses a request without devices', () => {
    expect(() =>
      newRequest({
        id: 'r',
        requesterSlackId: ALICE,
        target: { slackUserId: ALICE, iamUserName: 'alice' },
        devices: [],
        reason: 'Lost my phone on the train',
        now: new Date(REQUESTED_AT),
        ttlMinutes: 60,
      }),
    ).toThrow(expect.objectContaining({ code: 'NO_MFA_DEVICES' }));
  });
});

describe('transition', () => {
  const allowed: [RequestState, RequestState][] = [
    ['PENDING', 'EXECUTING'],
    ['PENDING', 'DENIED'],
    ['PENDING', 'CANCELLED'],
    ['PENDING', 'EXPIRED'],
    ['PENDING', 'FAILED'],
    ['EXECUTING', 'COMPLETED'],
    ['EXECUTING', 'FAILED'],
  ];

  it.each(allowed)('allows %s → %s, one version step, stamped with the time', (from, to) => {
    const next = transition(aRequest({ state: from, version: 4 }), to, later);
    expect(next).toMatchObject({ state: to, version: 5, updatedAt: later.toISOString() });
  });

  const refused: [RequestState, RequestState][] = [
    // Staying in a state is not a transition: that is `amend`.
    ['PENDING', 'PENDING'],
    ['EXECUTING', 'EXECUTING'],
    // Forward only: nothing sends an executing request back to be decided again.
    ['EXECUTING', 'PENDING'],
    ['PENDING', 'COMPLETED'],
    ['EXECUTING', 'DENIED'],
    ['EXECUTING', 'EXPIRED'],
    ...(['COMPLETED', 'FAILED', 'DENIED', 'CANCELLED', 'EXPIRED'] as const).flatMap(
      (final): [RequestState, RequestState][] => [
        [final, 'PENDING'],
        [final, 'EXECUTING'],
        [final, final],
      ],
    ),
  ];

  it.each(refused)('refuses %s → %s as already handled', (from, to) => {
    expect(() => transition(aRequest({ state: from }), to, later)).toThrow(
      expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }),
    );
  });

  it('applies the changes it is given and leaves the original untouched', () => {
    const original = aRequest();
    const next = transition(original, 'DENIED', later, {
      decision: { by: ERIN, at: later.toISOString() },
    });
    expect(next.decision?.by).toBe(ERIN);
    expect(original).toEqual(aRequest());
  });
});

describe('isFinal', () => {
  it.each([
    ['COMPLETED', true],
    ['FAILED', true],
    ['DENIED', true],
    ['CANCELLED', true],
    ['EXPIRED', true],
    ['PENDING', false],
    ['EXECUTING', false],
  ] as const)('says %s is final: %s', (state, final) => {
    expect(isFinal(state)).toBe(final);
  });
});

describe('amend', () => {
  it('records changes on an open request in the same state, one version step, stamped', () => {
    const message = { channel: 'C0APPROVALS', ts: '1.000001' };
    const amended = amend(aRequest({ version: 2 }), later, { approvalMessage: message });
    expect(amended).toMatchObject({
      state: 'PENDING',
      version: 3,
      updatedAt: later.toISOString(),
      approvalMessage: message,
    });
  });

  it.each(['COMPLETED', 'FAILED', 'DENIED', 'CANCELLED', 'EXPIRED'] as const)(
    'refuses to amend a %s request',
    (state) => {
      expect(() => amend(aRequest({ state }), later, { approvals: [] })).toThrow(
        expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }),
      );
    },
  );
});

describe('expiry', () => {
  const request = aRequest();
  const expiresAt = Date.parse(request.expiresAt);

  it('is not expired a millisecond before its expiry time', () => {
    expect(isExpired(request, new Date(expiresAt - 1))).toBe(false);
  });

  it('is expired from its expiry time on', () => {
    expect(isExpired(request, new Date(expiresAt))).toBe(true);
  });

  it('only expires requests that are still pending', () => {
    expect(isExpired(aRequest({ state: 'EXECUTING' }), new Date(expiresAt + 1))).toBe(false);
  });
});

describe('assertOpenForDecision', () => {
  it('lets a pending, unexpired request be decided', () => {
    expect(() => assertOpenForDecision(aRequest(), later)).not.toThrow();
  });

  it('refuses a request that is no longer pending as already handled', () => {
    expect(() => assertOpenForDecision(aRequest({ state: 'DENIED' }), later)).toThrow(
      expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }),
    );
  });

  it('refuses a pending request past its expiry as expired', () => {
    expect(() => assertOpenForDecision(aRequest(), new Date('2025-03-03T10:00:00.000Z'))).toThrow(
      expect.objectContaining({ code: 'REQUEST_EXPIRED' }),
    );
  });
});

describe('startExecution', () => {
  const approval = { slackUserId: ERIN, at: later.toISOString(), mfaSerial: 'arn:aws:iam::1:mfa/x' };

  it('goes from PENDING to EXECUTING in one version step', () => {
    const executing = startExecution(aRequest({ version: 2 }), approval, later);
    expect(executing).toMatchObject({ state: 'EXECUTING', version: 3, updatedAt: later.toISOString() });
  });

  it('records the approval and the decision', () => {
    const executing = startExecution(aRequest(), approval, later);
    expect(executing.approvals).toEqual([approval]);
    expect(executing.decision).toEqual({ by: ERIN, at: approval.at });
  });

  it('keeps earlier approvals and the devices', () => {
    const earlier = { slackUserId: SAM, at: REQUESTED_AT };
    const executing = startExecution(aRequest({ approvals: [earlier] }), approval, later);
    expect(executing.approvals).toEqual([earlier, approval]);
    expect(executing.devices).toEqual(aRequest().devices);
  });

  it('refuses a request that is not pending', () => {
    expect(() => startExecution(aRequest({ state: 'EXECUTING' }), approval, later)).toThrow(
      expect.objectContaining({ code: 'REQUEST_ALREADY_HANDLED' }),
    );
  });

  it('is built from devices the request already holds', () => {
    const request = aRequest({ devices: [aDevice('GAHT00000001')] });
    expect(startExecution(request, approval, later).devices).toEqual([aDevice('GAHT00000001')]);
  });
});
