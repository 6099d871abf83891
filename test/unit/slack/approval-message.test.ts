import type { ActionsBlock, Button } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { RequestState } from '../../../src/domain/request.js';
import { ActionId, BlockId } from '../../../src/slack/ids.js';
import { approvalMessage } from '../../../src/slack/views/index.js';
import { ERIN_SERIAL } from '../fakes/people.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';
import { aCompletedRequest, aDevice, anOutcome, approver, secondApprover } from './fixtures.js';

function buttonsOf(message: ReturnType<typeof approvalMessage>): Button[] {
  const actions = message.blocks.filter((b): b is ActionsBlock => b.type === 'actions');
  return actions.flatMap((a) => a.elements.filter((e): e is Button => e.type === 'button'));
}

describe('approvalMessage', () => {
  it('offers Approve (primary) and Deny (danger) carrying the request id while PENDING', () => {
    const request = aRequest();
    const message = approvalMessage(request, { approvalsNeeded: 1 });
    const buttons = buttonsOf(message);
    expect(buttons.map((b) => [b.action_id, b.style, b.value])).toEqual([
      [ActionId.approve, 'primary', request.id],
      [ActionId.deny, 'danger', request.id],
    ]);
    expect(message.blocks.find((b) => b.type === 'actions')?.block_id).toBe(BlockId.approvalActions);
  });

  it.each<RequestState>(['EXECUTING', 'COMPLETED', 'FAILED', 'DENIED', 'CANCELLED', 'EXPIRED'])(
    'has no buttons once the request is %s',
    (state) => {
      expect(buttonsOf(approvalMessage(aRequest({ state }), { approvalsNeeded: 1 }))).toEqual([]);
    },
  );

  it('shows requester, IAM user, devices, reason and approvals so far', () => {
    const request = aRequest({ approvals: [{ slackUserId: approver, at: '2024-05-01T10:03:00.000Z' }] });
    const text = allText(approvalMessage(request, { approvalsNeeded: 2 }));
    expect(text).toContain('<@U0ALICE>');
    expect(text).toContain('`alice`');
    expect(text).toContain('virtual (authenticator app) — `arn:aws:iam::123456789012:mfa/alice-phone`');
    expect(text).toContain('hardware TOTP token — `GAHT12345678`');
    expect(text).toContain('Lost my phone on the train');
    expect(text).toContain(`1 of 2: <@${approver}>`);
    expect(text).toContain('<!date^1740996000^'); // expiry (REQUESTED_AT + 60 minutes), in each reader’s time zone
  });

  it('escapes the reason so that <!channel> cannot ping and a link cannot be disguised', () => {
    const request = aRequest({
      reason: 'Urgent <!channel> see <https://evil.example|AWS console> & <@U0BOSS>',
    });
    const message = approvalMessage(request, { approvalsNeeded: 1 });
    const text = allText(message);
    expect(text).toContain(
      'Urgent &lt;!channel&gt; see &lt;https://evil.example|AWS console&gt; &amp; &lt;@U0BOSS&gt;',
    );
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
    expect(text).not.toContain('<@U0BOSS>');
  });

  it('escapes a reason even in the fallback text and a denial reason', () => {
    const request = aRequest({
      state: 'DENIED',
      decision: { by: approver, at: '2024-05-01T10:05:00.000Z', reason: 'no <!here>' },
    });
    const message = approvalMessage(request, { approvalsNeeded: 1 });
    expect(allText(message)).not.toContain('<!here>');
    expect(allText(message)).toContain('no &lt;!here&gt;');
  });

  it('shows stored reasons without bidirectional and zero-width characters', () => {
    const request = aRequest({
      reason: 'Lost my \u202Eenohp\u202C phone\u200B',
      state: 'DENIED',
      decision: { by: approver, at: '2024-05-01T10:05:00.000Z', reason: 'Call\u2066 the desk\u2069\uFEFF' },
    });
    const text = allText(approvalMessage(request, { approvalsNeeded: 1 }));
    expect(text).toContain('Lost my enohp phone');
    expect(text).toContain('Call the desk');
    expect(text).not.toMatch(/[\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/);
  });

  it('shows the outcome of each device and who approved with which device once completed', () => {
    const request = aCompletedRequest();
    const text = allText(approvalMessage(request, { approvalsNeeded: 1 }));
    expect(text).toContain(
      '`arn:aws:iam::123456789012:mfa/alice-phone`\n      :white_check_mark: deactivated and deleted',
    );
    expect(text).toContain('`GAHT12345678`\n      :white_check_mark: deactivated');
    expect(text).toContain('*Completed*');
    expect(text).toContain(`Approved by <@${approver}>`);
    expect(text).toContain(`\`${ERIN_SERIAL}\``);
  });

  it('shows a failed device with its error code, and the failure of the request', () => {
    const virtual = aDevice();
    const hardware = aDevice('GAHT12345678');
    const request = aRequest({
      state: 'FAILED',
      devices: [virtual, hardware],
      failureCode: 'AWS_ACCESS_DENIED',
      approvals: [{ slackUserId: approver, at: '2024-05-01T10:05:00.000Z' }],
      outcomes: [
        anOutcome(virtual),
        anOutcome(hardware, { deactivated: false, deleted: false, errorCode: 'AWS_ACCESS_DENIED' }),
      ],
    });
    const text = allText(approvalMessage(request, { approvalsNeeded: 1 }));
    expect(text).toContain(':white_check_mark: deactivated and deleted');
    expect(text).toContain(':x: failed (`AWS_ACCESS_DENIED`): AWS denied the bot access.');
    expect(text).toContain(':x: *Failed* (`AWS_ACCESS_DENIED`)');
  });

  it('says who denied it, when, and why', () => {
    const request = aRequest({
      state: 'DENIED',
      decision: { by: secondApprover, at: '2024-05-01T10:05:00.000Z', reason: 'Call me first' },
    });
    const text = allText(approvalMessage(request, { approvalsNeeded: 1 }));
    expect(text).toContain(`*Denied* by <@${secondApprover}> <!date^1714557900^`);
    expect(text).toContain('*Reason for denial*\nCall me first');
  });

  it('says an expired or cancelled request changed nothing', () => {
    for (const state of ['EXPIRED', 'CANCELLED'] as const) {
      expect(allText(approvalMessage(aRequest({ state }), { approvalsNeeded: 1 }))).toContain(
        'Nothing was changed.',
      );
    }
  });

  it('has a fallback text naming the IAM user and the state', () => {
    expect(approvalMessage(aRequest(), { approvalsNeeded: 1 }).text).toBe(
      'MFA reset for IAM user alice requested by <@U0ALICE>: waiting for approval',
    );
    expect(approvalMessage(aCompletedRequest(), { approvalsNeeded: 1 }).text).toMatch(/: completed$/);
  });

  it('never turns a requester id that is not a Slack id into a mention', () => {
    const text = allText(approvalMessage(aRequest({ requesterSlackId: '!channel' }), { approvalsNeeded: 1 }));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@!channel>');
  });
});
