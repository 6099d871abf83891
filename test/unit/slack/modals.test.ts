import type { Checkboxes, InputBlock, ModalView, PlainTextInput } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../../src/slack/ids.js';
import {
  parseDecisionModalMetadata,
  parseRequestModalMetadata,
} from '../../../src/slack/parse/view-inputs.js';
import {
  approveModal,
  denyModal,
  deviceOptionValue,
  errorModal,
  errorText,
  helpText,
  loadingModal,
  messageModal,
  requestModal,
} from '../../../src/slack/views/index.js';
import { ERIN_SERIAL } from '../fakes/people.js';
import { aRequest } from '../fakes/request-builder.js';
import { allText } from './all-text.js';
import { aDevice, someDevices } from './fixtures.js';

function input(view: ModalView, blockId: string): InputBlock {
  const block = view.blocks.find((b) => b.block_id === blockId);
  if (block?.type !== 'input') throw new Error(`no input block ${blockId}`);
  return block as InputBlock;
}

describe('loadingModal', () => {
  it('says what it is doing and cannot be submitted', () => {
    const view = loadingModal();
    expect(view.title.text).toBe('MFA reset');
    expect(view.submit).toBeUndefined();
    expect(allText(view)).toContain('Looking up your IAM user and MFA devices…');
  });
});

describe('requestModal', () => {
  const devices = [aDevice(), aDevice('GAHT12345678')];
  const view = requestModal({ iamUserName: 'alice', devices, reasonMinLength: 10 });

  it('lists every device as a checkbox labelled with kind and serial, only the virtual ones ticked', () => {
    const element = input(view, BlockId.devices).element as Checkboxes;
    expect(element.action_id).toBe(ActionId.devices);
    expect(element.options.map((o) => [o.text.text, o.value])).toEqual([
      [
        'virtual (authenticator app) — arn:aws:iam::123456789012:mfa/alice',
        'arn:aws:iam::123456789012:mfa/alice',
      ],
      ['hardware TOTP token — GAHT12345678', 'GAHT12345678'],
    ]);
    expect(element.initial_options).toEqual([element.options[0]]);
  });

  it('ticks nothing when no device is an authenticator app, leaving out initial_options as Slack requires', () => {
    const element = input(
      requestModal({ iamUserName: 'bob', devices: [aDevice('GAHT12345678')], reasonMinLength: 10 }),
      BlockId.devices,
    ).element as Checkboxes;
    expect(element.options).toHaveLength(1);
    expect(element).not.toHaveProperty('initial_options');
  });

  it('asks a help-desk member why the member they ask for needs a reset, not why they do', () => {
    const forAlice = requestModal({
      iamUserName: 'alice',
      devices,
      reasonMinLength: 10,
      targetSlackId: 'U0ALICE',
    });
    const reason = input(forAlice, BlockId.reason);
    expect(reason.label.text).toBe('Why do they need a reset?');
    expect(reason.hint?.text).toMatch(/how you know it is them/);
    expect(input(forAlice, BlockId.devices).hint?.text).toMatch(/^Reset every device they can no longer use/);
    expect(input(view, BlockId.reason).label.text).toBe('Why do you need a reset?');
  });

  it('asks for a multiline reason of at least reasonMinLength characters', () => {
    const element = input(view, BlockId.reason).element as PlainTextInput;
    expect(element).toMatchObject({
      action_id: ActionId.reason,
      multiline: true,
      min_length: 10,
      max_length: 2000,
    });
    expect(input(view, BlockId.reason).optional).toBeUndefined();
  });

  it('submits as "Request reset" and carries only the IAM user name', () => {
    expect(view.callback_id).toBe(CallbackId.requestModal);
    expect(view.submit?.text).toBe('Request reset');
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ iamUserName: 'alice' });
    expect(parseRequestModalMetadata(view.private_metadata)).toEqual({ iamUserName: 'alice' });
  });

  it('keeps the device name visible when a label is too long, and sends a digest for an oversized serial', () => {
    const [long] = someDevices(1, 226);
    const element = input(
      requestModal({ iamUserName: 'alice', devices: [long!], reasonMinLength: 10 }),
      BlockId.devices,
    ).element as Checkboxes;
    const option = element.options[0]!;
    expect(option.text.text).toHaveLength(75);
    expect(option.text.text).toMatch(/^arn:aws:iam::123456789012:mfa\/x+…x+0$/);
    expect(option.description?.text).toBe('virtual (authenticator app), enabled 2024-03-01');
    expect(option.value).toBe(deviceOptionValue(long!.serial));
    expect(option.value).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('is the "nothing to reset" message when the user has no devices', () => {
    const empty = requestModal({ iamUserName: 'alice', devices: [], reasonMinLength: 10 });
    expect(empty.submit).toBeUndefined();
    expect(allText(empty)).toContain(errorText('NO_MFA_DEVICES'));
  });
});

describe('approveModal', () => {
  const request = aRequest({ reason: 'phone <!channel> lost' });
  const view = approveModal(request, { approverMfaSerial: ERIN_SERIAL });

  it('names the bot device to read the code from and asks for the code', () => {
    expect(allText(view)).toContain(`current code of the bot's MFA device \`${ERIN_SERIAL}\``);
    const element = input(view, BlockId.tokenCode).element as PlainTextInput;
    expect(element.action_id).toBe(ActionId.tokenCode);
    expect(element.initial_value).toBeUndefined();
  });

  it('summarises the request with the reason escaped', () => {
    const text = allText(view);
    expect(text).toContain('`alice`');
    expect(text).toContain('phone &lt;!channel&gt; lost');
  });

  it('submits as "Approve and reset" and carries only the request id', () => {
    expect(view.callback_id).toBe(CallbackId.approveModal);
    expect(view.submit?.text).toBe('Approve and reset');
    expect(parseDecisionModalMetadata(view.private_metadata)).toEqual({ requestId: request.id });
  });
});

describe('denyModal', () => {
  it('asks for a required reason and submits as "Deny"', () => {
    const request = aRequest();
    const view = denyModal(request);
    expect(view.callback_id).toBe(CallbackId.denyModal);
    expect(view.submit?.text).toBe('Deny');
    const block = input(view, BlockId.denyReason);
    expect(block.optional).toBeUndefined();
    expect(block.element).toMatchObject({ action_id: ActionId.denyReason, multiline: true, min_length: 1 });
    expect(parseDecisionModalMetadata(view.private_metadata)).toEqual({ requestId: request.id });
  });
});

describe('messageModal', () => {
  it('fits a long title into 24 characters and offers only Close', () => {
    const view = messageModal({ title: 'Your request has been sent', text: 'Sent.' });
    expect(view.title.text).toBe('Your request has been s…');
    expect(view.submit).toBeUndefined();
    expect(view.close?.text).toBe('Close');
  });
});

describe('errorModal', () => {
  it('keeps the title of the modal it replaces and names the facts of the error', () => {
    const view = errorModal('APPROVER_DEVICE_LOCKED', {
      title: 'Approve MFA reset',
      details: { retryAt: '2026-05-01T10:41:12.000Z' },
    });
    expect(view.title.text).toBe('Approve MFA reset');
    expect(allText(view)).toContain('Try again after 2026-05-01 10:42 UTC.');
    expect(errorModal('USER_PROTECTED').title.text).toBe('MFA reset');
  });
});

describe('helpText and errorText', () => {
  it('explains /mfa-reset, /mfa-reset help and MFA-verified approvals', () => {
    const text = helpText();
    expect(text).toContain('`/mfa-reset`: request a reset of your own MFA');
    expect(text).toContain('`/mfa-reset help`');
    expect(text).toContain('Approvals are MFA-verified');
  });

  it('says what went wrong and what to do next', () => {
    expect(errorText('MEMBER_NOT_MAPPED')).toBe(
      ':warning: Your Slack account is not linked to an AWS IAM user. Ask your AWS administrators to add you to the bot’s user mapping.',
    );
  });
});
