import type { App } from '@slack/bolt';
import { ResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { slackApiError } from '../../errors.js';
import { logFailure } from '../../failure-log.js';
import { slashCommand } from '../../ids.js';
import {
  errorText,
  escapeMrkdwn,
  helpText,
  loadingModal,
  messageModal,
  requestModal,
} from '../../views/index.js';
import { type ModalCommand, openAudit } from './audit.js';
import { cancelOwn, showStatus } from './lifecycle.js';
import { parseCommandText } from './parse.js';

export function register(app: App, ctx: ListenerContext): void {
  app.command(slashCommand, async ({ command, ack, client, respond }) => {
    await ack();
    const intent = parseCommandText(command.text);
    const asked: ModalCommand = { client, respond, userId: command.user_id, triggerId: command.trigger_id };
    if (intent.kind === 'help') {
      await respond({ response_type: 'ephemeral', text: helpText() });
      return;
    }
    if (intent.kind === 'audit') {
      await openAudit(ctx, { ...asked, intent });
      return;
    }
    if (intent.kind === 'status') {
      await showStatus(ctx, { respond, userId: command.user_id, now: new Date() });
      return;
    }
    if (intent.kind === 'cancel') {
      await cancelOwn(ctx, { respond, userId: command.user_id });
      return;
    }
    if (intent.kind === 'unknown') {
      await respond({
        response_type: 'ephemeral',
        text: `Unknown option “${escapeMrkdwn(intent.text)}”.\n\n${helpText()}`,
      });
      return;
    }
    await openRequestModal(ctx, {
      ...asked,
      ...(intent.kind === 'request-for' ? { targetSlackId: intent.targetSlackId } : {}),
    });
  });
}

/**
 * Opens the modal at once (a trigger_id lives 3 s) while the IAM look-ups run, then fills the
 * devices in with views.update — or replaces the modal with the explanation of a refusal. With
 * `targetSlackId` (a help-desk request) the form is about that member's IAM user.
 */
async function openRequestModal(
  ctx: ListenerContext,
  input: ModalCommand & { readonly targetSlackId?: string },
): Promise<void> {
  const logger = ctx.logger.child({ command: slashCommand, user: input.userId });
  // views.open goes out first; the IAM look-ups run while Slack opens the modal.
  const opening = input.client.views.open({ trigger_id: input.triggerId, view: loadingModal() });
  const preparing = ctx.requests.prepare(
    input.userId,
    input.targetSlackId === undefined ? {} : { forMember: input.targetSlackId },
  );
  // Handled below; this keeps a rejection from being reported as unhandled while the modal opens.
  preparing.catch(() => undefined);
  let viewId: string | undefined;
  try {
    const opened = await opening;
    viewId = opened.view?.id;
  } catch (error) {
    logFailure(logger, slackApiError('views.open', error), {});
  }
  try {
    const prepared = await preparing;
    const view = requestModal({
      iamUserName: prepared.iamUserName,
      devices: prepared.devices,
      reasonMinLength: ctx.rules.reasonMinLength,
      ...(prepared.targetSlackId === input.userId ? {} : { targetSlackId: prepared.targetSlackId }),
    });
    if (viewId === undefined)
      throw new ResetError('SLACK_API_ERROR', 'The request form could not be opened.');
    await input.client.views.update({ view_id: viewId, view });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    const text = errorText(coded.code, coded.details);
    if (viewId !== undefined) {
      await input.client.views
        .update({ view_id: viewId, view: messageModal({ title: 'MFA reset', text }) })
        .catch((updateError: unknown) => logFailure(logger, updateError, { step: 'views.update' }));
    }
    await input.respond({ response_type: 'ephemeral', text });
  }
}
