import type { ActionsBlock, Button, KnownBlock, ModalView, SectionBlock } from '@slack/types';
import type { AuditEvent } from '../../domain/audit.js';
import { describeAuditSubject } from '../../domain/audit-filter.js';
import { ActionId, BlockId, CallbackId } from '../ids.js';
import type { AuditResultsMetadata } from '../parse/audit-inputs.js';
import { encodeAuditResultsMetadata } from '../parse/audit-inputs.js';
import { eventLine } from './audit-text.js';
import { context, section } from './blocks.js';
import { modal } from './modal.js';
import { BlockKitLimits, escapeMrkdwn, formatUtc, mrkdwn, plainText } from './text.js';

/** One page of results, as the review service returns it. */
export interface AuditResultsPage extends AuditResultsMetadata {
  readonly events: readonly AuditEvent[];
  readonly cursor?: string;
}

function button(text: string, actionId: string, value?: string): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plainText(text, BlockKitLimits.buttonText),
    ...(value === undefined ? {} : { value }),
  };
}

/** One event per line; an event of a request gets a button that opens the request's timeline. */
function eventBlock(event: AuditEvent): SectionBlock {
  return {
    type: 'section',
    block_id: `audit_event_${event.seq}`,
    text: mrkdwn(eventLine(event), BlockKitLimits.sectionText),
    ...(event.requestId === undefined
      ? {}
      : {
          accessory: button(
            'Timeline',
            ActionId.auditTimeline,
            event.requestId.slice(0, BlockKitLimits.buttonValue),
          ),
        }),
  };
}

function pagingActions(page: AuditResultsPage): ActionsBlock {
  const elements: Button[] = [];
  if (page.cursor !== undefined)
    elements.push({ ...button('More', ActionId.auditMore, page.cursor), style: 'primary' });
  elements.push(
    button('Export JSONL', ActionId.auditExportJsonl),
    button('Export CSV', ActionId.auditExportCsv),
  );
  return { type: 'actions', block_id: BlockId.auditPaging, elements };
}

/**
 * A page of audit events, newest first: time, event, actor, IAM user, outcome and error code. "More"
 * replaces the page with the next one (the cursor rides on the button, the filter in
 * private_metadata), so the modal stays the same size however long the trail is.
 */
export function auditResultsModal(page: AuditResultsPage): ModalView {
  const { filter } = page;
  const heading =
    `*${escapeMrkdwn(describeAuditSubject(filter.subject), 300)}*, the ${filter.days} day(s) up to ` +
    `${formatUtc(page.asOf)} · page ${page.page}`;
  const blocks: KnownBlock[] = [section(heading)];
  if (page.events.length === 0) {
    blocks.push(section(page.page === 1 ? 'No events match.' : 'No more events.'));
  } else {
    blocks.push(...page.events.map(eventBlock));
  }
  blocks.push(
    pagingActions(page),
    context(
      'Newest first. *Timeline* shows every event of a request; *Export* sends the whole selection to your direct messages. Your review is recorded.',
    ),
  );
  return modal({
    callbackId: CallbackId.auditResultsModal,
    title: 'Audit trail',
    blocks,
    privateMetadata: encodeAuditResultsMetadata(page),
  });
}
