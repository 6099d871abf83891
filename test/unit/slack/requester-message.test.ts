import { describe, expect, it } from 'vitest';
import { enrolNewDevice, requesterMessage } from '../../../src/slack/views/index.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';
import { aCompletedRequest, aDevice, anOutcome, approver } from './fixtures.js';

describe('requesterMessage', () => {
  it('tells a PENDING requester the request went to the approvers and when it expires', () => {
    const message = requesterMessage(aRequest());
    expect(message.text).toContain('was sent to the approvers');
    const text = allText(message);
    expect(text).toContain('You get a message here when it is decided');
    expect(text).toContain('<!date^1740996000^');
    expect(text).toContain('*Your reason*\nLost my phone on the train');
  });

  it('tells a COMPLETED requester what was reset and how to enrol a new device', () => {
    const text = allText(requesterMessage(aCompletedRequest()));
    expect(text).toContain(':white_check_mark: deactivated and deleted');
    expect(text).toContain('*What to do now*');
    expect(text).toContain('Sign in to the AWS console with your password');
    expect(text).toContain('IAM console → Security credentials → Assign MFA device');
    expect(enrolNewDevice).toContain('enrol a new MFA device');
  });

  it('tells a DENIED requester who denied it, why, and that nothing changed', () => {
    const request = aRequest({
      state: 'DENIED',
      decision: { by: approver, at: '2024-05-01T10:05:00.000Z', reason: 'Please <!everyone> call the desk' },
    });
    const text = allText(requesterMessage(request));
    expect(text).toContain(`was denied by <@${approver}>. Nothing was changed.`);
    expect(text).toContain('*Reason for denial*\nPlease &lt;!everyone&gt; call the desk');
    expect(text).toContain('Run `/mfa-reset` to make a new request');
  });

  it('tells a FAILED requester what went wrong and what to do, in describeError’s words', () => {
    const text = allText(
      requesterMessage(aRequest({ state: 'FAILED', failureCode: 'TOKEN_ATTEMPTS_EXHAUSTED' })),
    );
    expect(text).toContain('Too many wrong MFA codes');
    expect(text).toContain('The requester can run /mfa-reset again');
    expect(text).not.toContain('enrol a new MFA device');
  });

  it('asks a FAILED requester whose devices were partly reset to enrol a new device', () => {
    const device = aDevice();
    const request = aRequest({
      state: 'FAILED',
      devices: [device, aDevice('GAHT12345678')],
      failureCode: 'AWS_THROTTLED',
      outcomes: [anOutcome(device)],
    });
    const text = allText(requesterMessage(request));
    expect(text).toContain('AWS is throttling the bot.');
    expect(text).toContain(':white_check_mark: deactivated and deleted');
    expect(text).toContain(':heavy_minus_sign: not changed');
    expect(text).toContain('enrol a new MFA device');
  });

  it.each(['EXPIRED', 'CANCELLED'] as const)(
    'tells an %s requester nothing changed and how to ask again',
    (state) => {
      const text = allText(requesterMessage(aRequest({ state })));
      expect(text).toContain('Nothing was changed.');
      expect(text).toContain('Run `/mfa-reset` to make a new request');
    },
  );

  it('tells an EXECUTING requester the reset is under way', () => {
    expect(requesterMessage(aRequest({ state: 'EXECUTING' })).text).toContain('was approved: resetting now');
  });
});
