import type { ModalView } from '@slack/types';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../../sandbox/fake-slack/index.js';
import { directory, refusal, webClient } from './harness.js';

const modal = (overrides: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Reset MFA' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading your devices…' } }],
  ...overrides,
});

describe('fake Slack: views', () => {
  let slack: FakeSlack;
  let clockOffsetMs = 0;
  beforeAll(async () => {
    slack = await startFakeSlack({ directory, now: () => Date.now() + clockOffsetMs });
  });
  afterEach(() => {
    clockOffsetMs = 0;
    slack.reset();
  });
  afterAll(() => slack.close());

  const open = (view: ModalView) =>
    webClient(slack).views.open({ trigger_id: slack.issueTriggerId({ userId: 'U0ALICE' }), view });

  it.each([
    [
      'more than 100 blocks',
      modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) }),
      '/view/blocks',
    ],
    [
      'private_metadata over 3000 characters',
      modal({ private_metadata: 'x'.repeat(3001) }),
      '/view/private_metadata',
    ],
    ['callback_id over 255 characters', modal({ callback_id: 'x'.repeat(256) }), '/view/callback_id'],
    [
      'a submit text over 24 characters',
      modal({ submit: { type: 'plain_text', text: 'Send the request for real' } }),
      '/view/submit/text',
    ],
    [
      'a close text over 24 characters',
      modal({ close: { type: 'plain_text', text: 'Never mind, close this one' } }),
      '/view/close/text',
    ],
    [
      'a duplicated block_id',
      modal({
        blocks: [
          { type: 'divider', block_id: 'same' },
          { type: 'divider', block_id: 'same' },
        ],
      }),
      '/view/blocks/1/block_id',
    ],
    [
      'an input block without a submit button',
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'Why' },
            element: { type: 'plain_text_input' },
          },
        ],
      }),
      '/view]',
    ],
    ['a type other than modal', { ...modal(), type: 'home' } as unknown as ModalView, '/view/type'],
  ])('refuses a modal with %s (invalid_arguments)', async (_, view, pointer) => {
    const refused = await refusal(open(view));
    expect(refused.error).toBe('invalid_arguments');
    expect(JSON.stringify(refused.response_metadata)).toContain(pointer);
  });

  it('refuses a view without a type', async () => {
    const { type: _, ...untyped } = modal();
    const refused = await refusal(open(untyped as ModalView));
    expect(refused.response_metadata).toMatchObject({
      messages: ['[ERROR] missing required field: type [json-pointer:/view]'],
    });
  });

  it('expires a trigger_id 3 seconds after it was issued, on the injected clock', async () => {
    const triggerId = slack.issueTriggerId({ userId: 'U0ALICE' });
    clockOffsetMs = 3001;
    expect(
      await refusal(webClient(slack).views.open({ trigger_id: triggerId, view: modal() })),
    ).toMatchObject({
      error: 'expired_trigger_id',
    });
  });

  it('updates an open view by view_id, with a new hash, and refuses a stale hash with hash_conflict', async () => {
    const opened = await open(modal());
    const viewId = opened.view?.id ?? '';
    const staleHash = opened.view?.hash ?? '';
    const updated = await webClient(slack).views.update({
      view_id: viewId,
      hash: staleHash,
      view: modal({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your devices' } }] }),
    });
    expect(updated.view?.hash).not.toBe(staleHash);
    expect(slack.viewById(viewId)?.view.blocks).toMatchObject([{ text: { text: 'Your devices' } }]);
    expect(
      await refusal(webClient(slack).views.update({ view_id: viewId, hash: staleHash, view: modal() })),
    ).toMatchObject({ error: 'hash_conflict' });
    expect(
      await refusal(webClient(slack).views.update({ view_id: 'V0000000000', view: modal() })),
    ).toMatchObject({
      error: 'not_found',
    });
  });

  it('pushes onto the modal an interaction came from, up to 3 views', async () => {
    const root = (await open(modal())).view?.id ?? '';
    const push = (fromViewId: string) =>
      webClient(slack).views.push({
        trigger_id: slack.issueTriggerId({ userId: 'U0ALICE', viewId: fromViewId }),
        view: modal(),
      });
    const second = await push(root);
    expect(second.view).toMatchObject({ root_view_id: root, previous_view_id: root });
    await push(second.view?.id ?? '');
    expect(slack.viewStack(root)).toHaveLength(3);
    expect(await refusal(push(root))).toMatchObject({ error: 'push_limit_reached' });
  });

  it('gives views Slack-like ids and forgets them on reset()', async () => {
    const opened = await open(modal());
    expect(opened.view?.id).toMatch(/^V[0-9A-Z]{10}$/);
    expect(slack.lastView()?.userId).toBe('U0ALICE');
    slack.reset();
    expect(slack.lastView()).toBeUndefined();
    expect(slack.calls()).toEqual([]);
  });

  it('applies the app’s answers to a view_submission as Slack does', async () => {
    const withInput = modal({
      submit: { type: 'plain_text', text: 'Request' },
      blocks: [
        {
          type: 'input',
          block_id: 'reason',
          label: { type: 'plain_text', text: 'Why' },
          element: { type: 'plain_text_input', action_id: 'reason_input' },
        },
      ],
    });
    const viewId = (await open(withInput)).view?.id ?? '';

    const errors = { response_action: 'errors', errors: { reason: 'Say a bit more' } };
    expect(slack.applySubmissionAck(viewId, errors)).toEqual({ accepted: true, problems: [] });
    expect(slack.viewById(viewId)?.lastErrors).toEqual({ reason: 'Say a bit more' });
    expect(
      slack.applySubmissionAck(viewId, { response_action: 'errors', errors: { nope: 'x' } }),
    ).toMatchObject({
      accepted: false,
    });

    const tooLong = {
      response_action: 'update',
      view: modal({ title: { type: 'plain_text', text: 'x'.repeat(25) } }),
    };
    expect(slack.applySubmissionAck(viewId, tooLong).accepted).toBe(false);
    expect(slack.applySubmissionAck(viewId, { response_action: 'push', view: modal() }).accepted).toBe(true);
    expect(slack.viewStack(viewId)).toHaveLength(2);

    expect(slack.applySubmissionAck(viewId, { response_action: 'clear' }).accepted).toBe(true);
    expect(slack.viewStack(viewId)).toEqual([]);
    expect(slack.viewById(viewId)?.isOpen).toBe(false);
  });

  it('publishes a Home tab per user, input blocks allowed', async () => {
    const home = {
      type: 'home' as const,
      blocks: [
        {
          type: 'input' as const,
          label: { type: 'plain_text' as const, text: 'Find' },
          element: { type: 'plain_text_input' as const },
        },
      ],
    };
    await webClient(slack).views.publish({ user_id: 'U0ALICE', view: home });
    expect(slack.homeViewOf('U0ALICE')?.view.type).toBe('home');
    expect(await refusal(webClient(slack).views.publish({ user_id: 'U0NOBODY', view: home }))).toMatchObject({
      error: 'user_not_found',
    });
  });
});
