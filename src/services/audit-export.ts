import type { AuditEvent } from '../domain/audit.js';
import { csvHeader, csvLine, jsonLine } from '../domain/audit-export.js';
import { type AuditFilter, describeAuditSubject } from '../domain/audit-filter.js';
import { cliCommand } from '../domain/cli-command.js';
import { ResetError, toResetError } from '../domain/errors.js';
import { createAuditEvents } from './audit-events.js';
import { type AuditReview, auditQueryOf, type ReviewDeps } from './audit-review.js';
import type { Notifier } from './ports.js';

export type ExportFileFormat = 'jsonl' | 'csv';

/** Most events one Slack export carries (a dozen MB); larger selections belong to the command line. */
export const MAX_EXPORT_EVENTS = 20_000;
const EXPORT_PAGE = 1_000;
/** The hash prefix an anchor gives: enough that no edit goes unnoticed, short enough to type. */
export const ANCHOR_HASH_PREFIX = 16;

export interface ExportResult {
  readonly count: number;
  readonly filename: string;
  /** `SEQ:HASHPREFIX` of the last event in the file, for `audit verify --anchor`. */
  readonly anchor?: string;
}

function fileSlug(filter: AuditFilter): string {
  return describeAuditSubject(filter.subject)
    .toLowerCase()
    .replace(/[^\w.-]+/g, '-')
    .slice(0, 80);
}

/** The events in the file's format; both carry seq, prevHash and hash, so the copy can be re-verified. */
function fileContent(events: readonly AuditEvent[], format: ExportFileFormat): string {
  if (format === 'csv') return csvHeader + events.map(csvLine).join('');
  return events.map(jsonLine).join('');
}

/**
 * Sends the filtered events, oldest first, as a JSONL or CSV file to the auditor's direct
 * messages. The export is audited (AUDIT_EXPORTED) before the file leaves; a failed upload is
 * audited again with its error code.
 */
export function createAuditExport(
  deps: ReviewDeps & { notifier: Pick<Notifier, 'sendFileTo'>; review: AuditReview },
) {
  const events = createAuditEvents(deps);

  async function collect(filter: AuditFilter, asOf: string): Promise<AuditEvent[]> {
    const found: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.queryAudit({
        ...auditQueryOf(filter, asOf),
        limit: EXPORT_PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      found.push(...page.events);
      cursor = page.cursor;
      if (found.length > MAX_EXPORT_EVENTS) {
        throw new ResetError('EXPORT_TOO_LARGE', `More than ${MAX_EXPORT_EVENTS} events selected.`, {
          details: { limit: MAX_EXPORT_EVENTS },
        });
      }
    } while (cursor !== undefined);
    return found;
  }

  async function exportToDm(input: {
    auditorSlackId: string;
    filter: AuditFilter;
    format: ExportFileFormat;
    asOf?: string;
  }): Promise<ExportResult> {
    await deps.review.authorise(input.auditorSlackId, 'export');
    const asOf = input.asOf ?? deps.clock.now().toISOString();
    const record = (fields: {
      count: number;
      seqRange?: { first: number; last: number };
      code?: ResetError['code'];
    }) =>
      deps.store.appendAudit([
        events.auditExported(input.auditorSlackId, { filter: input.filter, format: input.format, ...fields }),
      ]);
    let selected: AuditEvent[];
    try {
      selected = await collect(input.filter, asOf);
    } catch (error) {
      const coded = toResetError(error);
      if (coded.code === 'EXPORT_TOO_LARGE') await record({ count: 0, code: coded.code });
      throw coded;
    }
    const first = selected[0];
    const last = selected.at(-1);
    const seqs = selected.map((event) => event.seq);
    const seqRange = first === undefined ? undefined : { first: Math.min(...seqs), last: Math.max(...seqs) };
    await record({ count: selected.length, ...(seqRange === undefined ? {} : { seqRange }) });
    const filename = `mfa-reset-audit-${fileSlug(input.filter)}-${asOf.slice(0, 10)}.${input.format}`;
    const anchor = last === undefined ? undefined : `${last.seq}:${last.hash.slice(0, ANCHOR_HASH_PREFIX)}`;
    const comment = [
      `Audit export: ${selected.length} event(s) about ${describeAuditSubject(input.filter.subject)}, ` +
        `the ${input.filter.days} day(s) up to ${asOf}.`,
      anchor === undefined
        ? 'No event matched.'
        : `To check later that the trail still holds these events unchanged: \`${cliCommand(`audit verify --anchor ${anchor}`)}\`.`,
    ].join('\n');
    try {
      await deps.notifier.sendFileTo(input.auditorSlackId, {
        filename,
        title: `MFA reset audit: ${describeAuditSubject(input.filter.subject)}`,
        content: fileContent(selected, input.format),
        comment,
      });
    } catch (error) {
      const coded = toResetError(error);
      await record({ count: selected.length, code: coded.code }).catch((auditError: unknown) =>
        deps.logger.error({ err: auditError }, 'could not audit the failed export'),
      );
      throw coded;
    }
    return { count: selected.length, filename, ...(anchor === undefined ? {} : { anchor }) };
  }

  return { exportToDm };
}

export type AuditExport = ReturnType<typeof createAuditExport>;
