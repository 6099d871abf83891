import type { View } from '@slack/types';
import { cliCommand } from '../../../domain/cli-command.js';
import type { ExportFileFormat } from '../../../services/audit-export.js';
import type { ListenerContext } from '../../context.js';
import { slackApiError } from '../../errors.js';
import { logFailure } from '../../failure-log.js';
import { parseAuditResultsMetadata, parseCursorValue } from '../../parse/audit-inputs.js';
import { parseButtonValue } from '../../parse/view-inputs.js';
import {
  auditResultsModal,
  auditTimelineModal,
  errorText,
  escapeMrkdwn,
  messageModal,
} from '../../views/index.js';
import type { ButtonArgs } from '../args.js';
import { openThenFill } from '../modal-work.js';

/** More, on the audit results: the next page, in place. */
export async function auditMoreButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await nextPage(ctx, args);
}

/** Timeline, on the audit results: one request's events, pushed over the results. */
export async function auditTimelineButton(
  ctx: ListenerContext,
  { ack, body, action, client }: ButtonArgs,
): Promise<void> {
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
}

/** Export as JSON Lines, on the audit results: the whole selection, as a file in a DM. */
export async function auditExportJsonlButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await exportSelection(ctx, args, 'jsonl');
}

/** Export as CSV, on the audit results. */
export async function auditExportCsvButton(ctx: ListenerContext, args: ButtonArgs): Promise<void> {
  await exportSelection(ctx, args, 'csv');
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
