import type { App, RespondFn } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ListenerContext } from '../../context.js';
import { slashCommand } from '../../ids.js';
import type { CommandIntent } from '../../parse/command-text.js';
import {
  auditFilterModal,
  auditResultsModal,
  describeFilterProblem,
  escapeMrkdwn,
  messageModal,
} from '../../views/index.js';
import { openThenFill } from '../modal-work.js';

const TITLE = 'Audit trail';

/** What a subcommand that opens a modal needs of the slash command: who asked, and how to answer. */
export interface ModalCommand {
  readonly client: App['client'];
  readonly respond: RespondFn;
  readonly userId: string;
  readonly triggerId: string;
}

/**
 * `/mfa-reset audit [FILTER] [DAYS]`: a modal opens at once; the member is checked as an auditor
 * (fresh group membership, refusals audited), then it shows the filter form, the first page of
 * results, or the one line that says what is wrong with the filter.
 */
export async function openAudit(
  ctx: ListenerContext,
  input: ModalCommand & { readonly intent: Extract<CommandIntent, { kind: 'audit' }> },
): Promise<void> {
  const { intent, userId } = input;
  const work = async (): Promise<View> => {
    if (intent.filter === undefined) {
      await ctx.review.open(userId);
      if (intent.problem === undefined) return auditFilterModal();
      return messageModal({
        title: TITLE,
        text: `:warning: ${escapeMrkdwn(describeFilterProblem(intent.problem))}`,
      });
    }
    return auditResultsModal(await ctx.review.review({ auditorSlackId: userId, filter: intent.filter }));
  };
  const viewId = await openThenFill({
    client: input.client,
    triggerId: input.triggerId,
    logger: ctx.logger.child({ command: `${slashCommand} audit`, user: userId }),
    mode: 'open',
    title: TITLE,
    loadingText: 'Reading the audit trail…',
    work,
  });
  if (viewId === undefined) {
    await input.respond({
      response_type: 'ephemeral',
      text: 'The audit trail could not be opened. Try again.',
    });
  }
}
