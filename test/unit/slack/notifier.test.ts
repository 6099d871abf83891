import { describe, expect, it } from 'vitest';
import { isResetError } from '../../../src/domain/errors.js';
import { createSlackNotifier } from '../../../src/slack/notifier.js';
import { alarmMessage } from '../../../src/slack/views/alarm-message.js';
import { approvalMessage, requesterMessage, targetMessage } from '../../../src/slack/views/index.js';
import { aRequest } from '../fakes/request-builder.js';
import { aCompletedRequest } from './fixtures.js';
import { FakeChat, platformError } from './slack-fakes.js';

function setUp() {
  const slack = new FakeChat();
  const notifier = createSlackNotifier({ client: slack, approvalChannel: 'C0APPROVALS', minApprovals: 2 });
  return { slack, notifier };
}

describe('Slack notifier', () => {
  it('posts the approval message to the approvals channel and returns where it is', async () => {
    const { slack, notifier } = setUp();
    const request = aRequest();
    expect(await notifier.postApprovalRequest(request)).toEqual({
      channel: 'C0APPROVALS',
      ts: '1714557600.000100',
    });
    expect(slack.posted).toEqual([
      {
        channel: 'C0APPROVALS',
        ...approvalMessage(request, { approvalsNeeded: 2 }),
        unfurl_links: false,
        unfurl_media: false,
      },
    ]);
  });

  it('rewrites the approval message in place', async () => {
    const { slack, notifier } = setUp();
    const request = aCompletedRequest({
      approvalMessage: { channel: 'C0APPROVALS', ts: '1714557600.000100' },
    });
    await notifier.updateApprovalRequest(request);
    expect(slack.updated).toEqual([
      {
        channel: 'C0APPROVALS',
        ts: '1714557600.000100',
        ...approvalMessage(request, { approvalsNeeded: 2 }),
      },
    ]);
  });

  it('shows the chain anchor of a finished request under the message', async () => {
    const { slack, notifier } = setUp();
    const request = aCompletedRequest({
      approvalMessage: { channel: 'C0APPROVALS', ts: '1714557600.000100' },
    });
    const anchor = { seq: 42, hash: `3f9c0a7be21d4c55${'0'.repeat(48)}` };
    await notifier.updateApprovalRequest(request, anchor);
    expect(slack.updated[0]).toMatchObject(approvalMessage(request, { approvalsNeeded: 2, anchor }));
    expect(JSON.stringify(slack.updated[0])).toContain('audit verify --anchor 42:3f9c0a7be21d4c55');
  });

  it('posts a request alarm to the approvals channel as a message of its own', async () => {
    const { slack, notifier } = setUp();
    const alert = {
      kind: 'device-locked' as const,
      approverSlackId: 'U0ERIN',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/mfa-reset-bot-erin',
      until: '2024-05-01T10:15:00.000Z',
    };
    await notifier.postAlarm(alert);
    expect(slack.posted).toEqual([
      { channel: 'C0APPROVALS', ...alarmMessage(alert), unfurl_links: false, unfurl_media: false },
    ]);
  });

  it('refuses to update a request that has no approval message', async () => {
    const { notifier } = setUp();
    const error = await notifier.updateApprovalRequest(aRequest()).catch((e: unknown) => e);
    expect(isResetError(error) && error.code).toBe('INTERNAL');
  });

  it('sends the requester a direct message about the current state', async () => {
    const { slack, notifier } = setUp();
    const request = aCompletedRequest();
    await notifier.notifyRequester(request);
    expect(slack.posted).toEqual([
      { channel: 'U0ALICE', ...requesterMessage(request), unfurl_links: false, unfurl_media: false },
    ]);
  });

  it('returns where the DM is, and rewrites it in place as its member would get it now', async () => {
    const { slack, notifier } = setUp();
    const dm = await notifier.notifyRequester(aRequest());
    expect(dm).toEqual({ slackUserId: 'U0ALICE', channel: 'D0DM', ts: '1714557600.000100' });

    const done = aCompletedRequest();
    await notifier.rewriteMemberDm(done, dm);
    const forOther = aRequest({
      state: 'CANCELLED',
      target: { slackUserId: 'U0FRANK', iamUserName: 'frank' },
    });
    await notifier.rewriteMemberDm(forOther, { slackUserId: 'U0FRANK', channel: 'D0FRANK', ts: '1.2' });
    expect(slack.updated).toEqual([
      { channel: 'D0DM', ts: '1714557600.000100', ...requesterMessage(done) },
      { channel: 'D0FRANK', ts: '1.2', ...targetMessage(forOther) },
    ]);
  });

  it('turns a Slack failure into SLACK_API_ERROR with the original as cause', async () => {
    const { slack, notifier } = setUp();
    slack.failWith = platformError('channel_not_found');
    for (const attempt of [
      notifier.postApprovalRequest(aRequest()),
      notifier.notifyRequester(aRequest()),
      notifier.postAlarm({ kind: 'request-tampered', request: aRequest(), facts: ['iamUserName'] }),
      notifier.updateApprovalRequest(aRequest({ approvalMessage: { channel: 'C0APPROVALS', ts: '1.2' } })),
    ]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(isResetError(error) && error.code).toBe('SLACK_API_ERROR');
      expect(isResetError(error) && error.details.slackError).toBe('channel_not_found');
      expect((error as Error).cause).toBe(slack.failWith);
    }
  });
});
