import { describe, expect, it } from 'vitest';
import { alarmMessage } from '../../../src/slack/views/alarm-message.js';
import { aRequest } from '../fakes/request-builder.js';

const text = (message: ReturnType<typeof alarmMessage>) => JSON.stringify(message);

describe('alarmMessage for requests', () => {
  it('tells the approvals channel whose device is locked, until when, and what to check', () => {
    const message = alarmMessage({
      kind: 'device-locked',
      approverSlackId: 'U0ERIN',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/mfa-reset-bot-erin',
      until: '2024-05-01T10:15:00.000Z',
      anchor: { seq: 7, hash: 'a'.repeat(64) },
    });
    expect(message.text).toContain('<@U0ERIN>');
    expect(text(message)).toContain('`arn:aws:iam::123456789012:mfa/mfa-reset-bot-erin`');
    expect(text(message)).toContain('<!date^1714558500^');
    expect(text(message)).toContain('audit verify --anchor 7:aaaaaaaaaaaaaaaa');
  });

  it('names what was found changed on a tampered request, in words, and never as a mention of it', () => {
    const request = aRequest({ id: 'req-<!channel>' });
    const message = alarmMessage({
      kind: 'request-tampered',
      request,
      facts: ['iamUserName', 'serials', 'record'],
    });
    expect(text(message)).toContain('IAM user, devices, audit record of its creation');
    expect(text(message)).toContain('req-&lt;!channel&gt;');
    expect(text(message)).not.toContain('<!channel>');
    expect(text(message)).toMatch(/security incident/);
  });

  it('names the virtual devices a crash left in the account, the request and IAM user, and why it matters', () => {
    const request = aRequest({ id: 'req-42', state: 'FAILED' });
    const message = alarmMessage({
      kind: 'devices-not-deleted',
      request,
      serials: ['arn:aws:iam::123456789012:mfa/alice-phone', 'arn:aws:iam::123456789012:mfa/<!here>'],
      anchor: { seq: 12, hash: 'b'.repeat(64) },
    });
    expect(message.text).toContain('req-42');
    expect(text(message)).toContain('`arn:aws:iam::123456789012:mfa/alice-phone`');
    expect(text(message)).toContain(`\`${request.target.iamUserName}\``);
    expect(text(message)).toContain('EntityAlreadyExists');
    expect(text(message)).not.toContain('<!here>');
    expect(text(message)).toContain('audit verify --anchor 12:bbbbbbbbbbbbbbbb');
  });
});
