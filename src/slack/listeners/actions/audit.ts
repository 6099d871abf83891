import type { App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import { cliCommand } from '../../../domain/cli-command.js';
import type { ExportFileFormat } from '../../../services/audit-export.js';
import type { ListenerContext } from '../../context.js';
import { slackApiError } from '../../errors.js';
import { logFailure } from '../../failure-log.js';
import { ActionId } from '../../ids.js';
import {
  auditResultsModal,
  auditTimelineModal,
  errorText,
  escapeMrkdwn,
  messageModal,
  parseAuditResultsMetadata,
  parseButtonValue,
  parseCursorValue,
} from '../../views/index.js';
import { openThenFill } from '../modal-work.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & { client: App['client'] };

/** The buttons of the audit results: More (next page in place), Timeline (pushed), Export (pushed). */
export function registerAuditActions(app: App, ctx: ListenerContext): void {
  app.action<BlockAction<ButtonAction>>(ActionId.auditMore, async (args) =>
    nextPage(ctx, args as ButtonArgs),
  );
  app.action<BlockAction<ButtonAction>>(ActionId.auditTimeline, async (args) => {
    const { ack, body, action, client } = args as ButtonArgs;
    await ack();
    await openThenFill({
      client,
      triggerId: body.trigger_id,
      logger: ctx.logger.child({ action: action.action_id, user: body.user.id }),
      mode: 'push',
      title: 'Request timeline',
      loadingText: 'Reading the request’s events…',
      work: async (): Promise<View> =>
        auditTimelineModal(
          await ctx.review.timeline({
            auditorSlackId: body.user.id,
            requestId: parseButtonValue(action.value),
          }),
        ),
    });
  });
  for (const [actionId, format] of [
    [ActionId.auditExportJsonl, 'jsonl'],
    [ActionId.auditExportCsv, 'csv'],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(actionId, async (args) =>
      exportSelection(ctx, args as ButtonArgs, format),
    );
  }
}

async function nextPage(ctx: ListenerContext, { ack, body, action, client }: ButtonArgs): Promise<void> {
  await ack();
  const logger = ctx.logger.child({ action: action.action_id, user: body.user.id });
  const view = body.view;
  if (view === undefined) return;
  try {
    const metadata = parseAuditResultsMetadata(view.private_metadata);
    const page = await ctx.review.review({
      auditorSlackId: body.user.id,
      filter: metadata.filter,
      asOf: metadata.asOf,
      cursor: parseCursorValue(action.value),
      page: metadata.page + 1,
    });
    // The hash makes a double click update the modal once; the second gets hash_conflict.
    await client.views.update({ view_id: view.id, hash: view.hash, view: auditResultsModal(page) });
  } catch (error) {
    const coded = logFailure(logger, error, {});
    // Slack refused the update (a double click's hash_conflict, a closed modal): nothing to show it in.
    if (coded.code === 'SLACK_API_ERROR') return;
    await client.views
      .update({ view_id: view.id, view: messageModal({ title: 'Audit trail', text: errorText(coded.code) }) })
      .catch((updateError: unknown) => logFailure(logger, slackApiError('views.update', updateError), {}));
  }
}

async function exportSelection(
  ctx: ListenerContext,
  { ack, body, action, client }: ButtonArgs,
  format: ExportFileFormat,
): Promise<void> {
  await ack();
  await openThenFill({
    client,
    triggerId: body.trigger_id,
    logger: ctx.logger.child({ action: action.action_id, user: body.user.id }),
    mode: 'push',
    title: 'Audit export',
    loadingText: 'Preparing the file…',
    work: async (): Promise<View> => {
      const metadata = parseAuditResultsMetadata(body.view?.private_metadata);
      const result = await ctx.exporter.exportToDm({
        auditorSlackId: body.user.id,
        filter: metadata.filter,
        asOf: metadata.asOf,
        format,
      });
      const anchor =
        result.anchor === undefined
          ? ''
          : `\nCheck it later against the trail with \`${cliCommand(`audit verify --anchor ${escapeMrkdwn(result.anchor)}`)}\`.`;
      return messageModal({
        title: 'Export sent',
        text: `Sent ${result.count} event(s) to your direct messages as \`${escapeMrkdwn(result.filename)}\`.${anchor}`,
      });
    },
  });
}
