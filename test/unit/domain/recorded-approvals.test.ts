import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { approvalsOfEvents, confirmationOfEvents } from '../../../src/domain/recorded-approvals.js';

const event = (type: AuditEvent['type'], by: string, seq: number): AuditEvent => ({
  eventId: `e${seq}`,
  type,
  at: `2025-03-03T09:0${seq}:00.000Z`,
  outcome: 'success',
  requestId: 'r1',
  actor: { kind: 'member', slackUserId: by },
  seq,
  prevHash: '0',
  hash: '1',
});

describe('the decisions the chain records for a request', () => {
  const events = [
    event('REQUEST_CONFIRMED', 'U0BOB', 1),
    event('APPROVAL_RECORDED', 'U0ERIN', 2),
    event('REQUEST_APPROVED', 'U0FRANK', 3),
  ];

  it('counts approvals partial and final, never a confirmation', () => {
    expect(approvalsOfEvents(events).map((a) => a.slackUserId)).toEqual(['U0ERIN', 'U0FRANK']);
  });

  it('finds the confirmation among them', () => {
    expect(confirmationOfEvents(events)).toEqual({ by: 'U0BOB', at: '2025-03-03T09:01:00.000Z' });
    expect(confirmationOfEvents(events.slice(1))).toBeUndefined();
  });
});
