import { describe, expect, it } from 'vitest';
import { messageBlocksProblems } from '../../../sandbox/fake-slack/message-rules.js';
import { modalViewProblems } from '../../../sandbox/fake-slack/view-rules.js';
import { type RequestState, requestStates } from '../../../src/domain/request.js';
import {
  approvalMessage,
  approveModal,
  BlockKitLimits,
  denyModal,
  errorModal,
  loadingModal,
  messageModal,
  reminderMessage,
  requesterMessage,
  requestModal,
  statusMessage,
  targetMessage,
} from '../../../src/slack/views/index.js';
import { aRequest } from '../fakes/request-builder.js';
import { anOutcome, approver, someDevices } from './fixtures.js';

/** The worst a request can be: 8 devices with 256-character serials, a 2,000-character reason of `&<>`. */
function aWorstCaseRequest(state: RequestState) {
  const devices = someDevices(8, 226);
  return aRequest({
    state,
    devices,
    reason: '<&>'.repeat(667).slice(0, 2000),
    approvals: Array.from({ length: 5 }, (_, i) => ({
      slackUserId: `U0APPROVER${i}`,
      at: '2024-05-01T10:05:00.000Z',
      mfaSerial: `arn:aws:iam::123456789012:mfa/${'y'.repeat(200)}${i}`,
    })),
    decision: { by: approver, at: '2024-05-01T10:06:00.000Z', reason: '>'.repeat(2000) },
    outcomes: devices.map((d, i) =>
      anOutcome(d, i % 2 ? { errorCode: 'AWS_ACCESS_DENIED', deactivated: false } : {}),
    ),
    failureCode: 'AWS_THROTTLED',
  });
}

describe('Block Kit limits', () => {
  it('keeps the loading, message and error modals valid', () => {
    expect(modalViewProblems(loadingModal())).toEqual([]);
    expect(
      modalViewProblems(
        messageModal({ title: 'A title far longer than Slack allows', text: 'x'.repeat(5000) }),
      ),
    ).toEqual([]);
    expect(modalViewProblems(errorModal('USER_PROTECTED'))).toEqual([]);
  });

  it('keeps the request modal valid with 8 devices whose serials are as long as IAM allows', () => {
    const view = requestModal({
      iamUserName: 'a'.repeat(64),
      devices: someDevices(8, 226),
      reasonMinLength: 500,
    });
    expect(modalViewProblems(view)).toEqual([]);
  });

  it('shows at most 10 checkboxes and says how many more devices there are', () => {
    const view = requestModal({ iamUserName: 'alice', devices: someDevices(12), reasonMinLength: 10 });
    expect(modalViewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('2 more device(s) not shown');
  });

  it.each(requestStates)('keeps the approve and deny modals valid for a worst-case %s request', (state) => {
    const request = aWorstCaseRequest(state);
    expect(modalViewProblems(approveModal(request, { approverMfaSerial: 'x'.repeat(256) }))).toEqual([]);
    expect(modalViewProblems(denyModal(request))).toEqual([]);
  });

  it.each(requestStates)(
    'keeps the approval message and the DM valid for a worst-case %s request',
    (state) => {
      const request = aWorstCaseRequest(state);
      expect(messageBlocksProblems(approvalMessage(request, { approvalsNeeded: 5 }))).toEqual([]);
      expect(messageBlocksProblems(requesterMessage(request))).toEqual([]);
      // The bot's own bound on a notification's text (Slack's is 40,000): some words, not a wall.
      for (const message of [approvalMessage(request, { approvalsNeeded: 5 }), requesterMessage(request)]) {
        expect(message.text.length).toBeGreaterThan(0);
        expect(message.text.length).toBeLessThanOrEqual(BlockKitLimits.messageText);
      }
    },
  );

  it.each(requestStates)(
    'keeps the help-desk DMs, the reminder and the status list valid for a worst-case %s request',
    (state) => {
      const request = {
        ...aWorstCaseRequest(state),
        target: { slackUserId: 'U0TARGET', iamUserName: 'a'.repeat(64) },
      };
      expect(messageBlocksProblems(requesterMessage(request))).toEqual([]);
      expect(messageBlocksProblems(targetMessage(request))).toEqual([]);
      const approvers = {
        users: Array.from({ length: 60 }, (_, i) => `U0APPROVER${i}`),
        userGroups: ['S0SECURITY'],
      };
      expect(
        messageBlocksProblems(
          reminderMessage(request, { approvalsNeeded: 5, approvers, nextAt: request.expiresAt }),
        ),
      ).toEqual([]);
      const many = Array.from({ length: 12 }, (_, i) => ({ ...request, id: `request-${i}` }));
      expect(
        messageBlocksProblems(
          statusMessage({ member: 'U0TARGET', requests: many, now: new Date(), limit: 10 }),
        ),
      ).toEqual([]);
    },
  );

  it('keeps the help-desk request modal valid and names the member in it, escaped', () => {
    const view = requestModal({
      iamUserName: 'a'.repeat(64),
      devices: someDevices(8, 226),
      reasonMinLength: 10,
      targetSlackId: 'U0TARGET',
    });
    expect(modalViewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('<@U0TARGET>');
    expect(JSON.parse(view.private_metadata ?? '{}')).toEqual({
      iamUserName: 'a'.repeat(64),
      targetSlackId: 'U0TARGET',
    });
  });

  it('keeps private_metadata small whatever the request holds', () => {
    const request = aWorstCaseRequest('PENDING');
    for (const view of [
      requestModal({ iamUserName: 'a'.repeat(64), devices: request.devices, reasonMinLength: 10 }),
      approveModal(request, { approverMfaSerial: 'GAHT12345678' }),
      denyModal(request),
    ]) {
      expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(200);
    }
  });
});
