import { describe, expect, it } from 'vitest';
import { messageBlocksProblems } from '../../../sandbox/fake-slack/message-rules.js';
import type { AuditEvent } from '../../../src/domain/audit.js';
import { csvLine } from '../../../src/domain/audit-export.js';
import { eventLine, timelineLine } from '../../../src/slack/views/audit-text.js';
import { enrolmentDm, enrolmentThreadMessage } from '../../../src/slack/views/enrolment-message.js';
import { alarmMessage } from '../../../src/slack/views/index.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';

const request = aRequest({ state: 'COMPLETED', approvalMessage: { channel: 'C0APPROVALS', ts: '1.2' } });
const device = {
  serial: 'arn:aws:iam::123456789012:mfa/alice-new',
  kind: 'virtual' as const,
  enabledAt: '2025-03-03T10:00:00.000Z',
};

function anEvent(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    eventId: 'e1',
    type: 'DEVICE_ENROLLED',
    at: '2025-03-03T10:01:00.000Z',
    requestId: request.id,
    actor: { kind: 'bot' },
    target: { slackUserId: request.target.slackUserId, iamUserName: request.target.iamUserName },
    outcome: 'success',
    seq: 40,
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
    ...overrides,
  };
}

describe('the follow-through to the new device, as people read it', () => {
  it('tells the thread and the member which device came, when and from where', () => {
    const news = { kind: 'enrolled' as const, device, sourceIp: '203.0.113.7' };
    for (const message of [enrolmentThreadMessage(request, news), enrolmentDm(request, news)]) {
      expect(messageBlocksProblems(message)).toEqual([]);
      expect(allText(message)).toContain(device.serial);
      expect(allText(message)).toContain('203.0.113.7');
    }
    expect(allText(enrolmentDm(request, news))).toMatch(/If you did not, tell the approvers/);
  });

  it('reminds the member how to enrol and until when', () => {
    const message = enrolmentDm(request, { kind: 'reminder', deadline: '2025-03-04T09:00:00.000Z' });
    expect(messageBlocksProblems(message)).toEqual([]);
    expect(allText(message)).toMatch(/Assign MFA device/);
    expect(allText(message)).toContain('2025-03-04 09:00 UTC');
  });

  it('alarms with what to do when the user is still without MFA', () => {
    const message = alarmMessage({
      kind: 'enrolment-overdue',
      request,
      completedAt: '2025-03-03T09:00:00.000Z',
      deadline: '2025-03-04T09:00:00.000Z',
      anchor: { seq: 41, hash: 'c'.repeat(64) },
    });
    expect(messageBlocksProblems(message)).toEqual([]);
    expect(allText(message)).toMatch(/still without MFA/);
    expect(allText(message)).toMatch(/disable the user’s console password and access keys/);
  });

  it('shows the new events in the audit views with their facts, and exports them', () => {
    const enrolled = anEvent({
      devices: [device.serial],
      deviceKinds: ['virtual'],
      details: {
        kind: 'virtual',
        completedAt: '2025-03-03T09:00:00.000Z',
        enabledAt: device.enabledAt,
        sourceIp: '203.0.113.7',
      },
    });
    expect(eventLine(enrolled)).toContain(
      'new MFA device (virtual) · enabled 2025-03-03 10:00 UTC · from `203.0.113.7`',
    );
    expect(timelineLine(enrolled)).toContain(device.serial);
    expect(eventLine(anEvent({ details: { completedAt: 'x' } }))).toContain(
      'source address not in CloudTrail',
    );
    const deadline = { completedAt: '2025-03-03T09:00:00.000Z', deadline: '2025-03-04T09:00:00.000Z' };
    expect(eventLine(anEvent({ type: 'ENROLMENT_REMINDED', outcome: 'info', details: deadline }))).toContain(
      'member reminded to enrol a new MFA device by 2025-03-04 09:00 UTC',
    );
    const overdue = anEvent({
      type: 'ENROLMENT_OVERDUE',
      outcome: 'failure',
      errorCode: 'MFA_NOT_ENROLLED',
      details: deadline,
    });
    expect(eventLine(overdue)).toContain('`MFA_NOT_ENROLLED` · no new MFA device by 2025-03-04 09:00 UTC');
    expect(csvLine(enrolled)).toContain('DEVICE_ENROLLED');
    expect(csvLine(enrolled)).toContain('""sourceIp"":""203.0.113.7""');
  });
});
