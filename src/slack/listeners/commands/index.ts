import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { slashCommand } from '../../ids.js';
import { parseCommandText } from '../../parse/command-text.js';
import { accountChoiceModal, errorText, escapeMrkdwn, helpText, requestModal } from '../../views/index.js';
import type { CommandArgs } from '../args.js';
import { openThenFill } from '../modal-work.js';
import { type ModalCommand, openAudit } from './audit.js';
import { cancelOwn, showStatus } from './lifecycle.js';

export function register(app: App, ctx: ListenerContext): void {
  app.command(slashCommand, (args) => mfaResetCommand(ctx, args));
}

/** `/mfa-reset [text]`: help, audit, status, cancel, or the request form (for a member, on the help desk). */
export async function mfaResetCommand(
  ctx: ListenerContext,
  { command, ack, client, respond }: CommandArgs,
): Promise<void> {
  await ack();
  if (!(await admitted(ctx, command.user_id, respond))) return;
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
}

/** Whether this member may send another command now; when not, they are told when they may. */
async function admitted(
  ctx: ListenerContext,
  userId: string,
  respond: CommandArgs['respond'],
): Promise<boolean> {
  try {
    await ctx.commandLimits.admit(userId);
    return true;
  } catch (error) {
    const coded = logFailure(ctx.logger.child({ command: slashCommand, user: userId }), error, {});
    await respond({ response_type: 'ephemeral', text: errorText(coded.code, coded.details) });
    return false;
  }
}

/**
 * Opens the modal at once (a trigger_id lives 3 s) while the IAM look-ups run, then fills the
 * devices in with views.update — or replaces the modal with the explanation of a refusal, which is
 * also answered in the channel. With `targetSlackId` (a help-desk request) the form is about that
 * member's IAM user.
 */
async function openRequestModal(
  ctx: ListenerContext,
  input: ModalCommand & { readonly targetSlackId?: string },
): Promise<void> {
  await openThenFill({
    client: input.client,
    triggerId: input.triggerId,
    logger: ctx.logger.child({ command: slashCommand, user: input.userId }),
    mode: 'open',
    title: 'MFA reset',
    work: async () => {
      const prepared = await ctx.requests.prepare(
        input.userId,
        input.targetSlackId === undefined ? {} : { forMember: input.targetSlackId },
      );
      const forOther =
        prepared.targetSlackId === input.userId ? {} : { targetSlackId: prepared.targetSlackId };
      if ('choices' in prepared) {
        return accountChoiceModal({ choices: prepared.choices, accounts: ctx.rules.accounts, ...forOther });
      }
      return requestModal({
        iamUserName: prepared.iamUserName,
        devices: prepared.devices,
        reasonMinLength: ctx.rules.reasonMinLength,
        ...forOther,
      });
    },
    onFailure: async (coded) => {
      await input.respond({ response_type: 'ephemeral', text: errorText(coded.code, coded.details) });
    },
  });
}
