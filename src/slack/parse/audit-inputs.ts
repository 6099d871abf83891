import * as z from 'zod';
import {
  type AuditFilter,
  type AuditFilterFields,
  auditFilterFromFields,
  auditSubjectValue,
} from '../../domain/audit-filter.js';
import { ResetError } from '../../domain/errors.js';
import { ActionId, BlockId } from '../ids.js';
import { BlockKitLimits } from '../views/text.js';

/**
 * What comes back from Slack for the audit views, checked at the boundary like view-inputs.ts does for
 * the request views. The filter travels in `private_metadata` in a compact form and is checked by
 * the same rules as when the auditor typed it; the page cursor travels in the "More" button.
 */

/** The results modal's metadata: which filter, up to when, which page. */
export interface AuditResultsMetadata {
  readonly filter: AuditFilter;
  readonly asOf: string;
  readonly page: number;
}

const metadataSchema = z.object({
  s: z.enum(['all', 'iam-user', 'member', 'request']),
  v: z.string().max(200).optional(),
  d: z.string().regex(/^\d{1,3}$/),
  a: z.iso.datetime(),
  p: z.string().regex(/^\d{1,6}$/),
});

function malformed(what: string, cause?: unknown): ResetError {
  return new ResetError('INPUT_INVALID', `${what} is malformed.`, {
    details: { problem: 'malformed' },
    cause,
  });
}

export function encodeAuditResultsMetadata(metadata: AuditResultsMetadata): Record<string, string> {
  const { subject } = metadata.filter;
  const value = auditSubjectValue(subject);
  return {
    s: subject.kind,
    ...(value === undefined ? {} : { v: value }),
    d: String(metadata.filter.days),
    a: metadata.asOf,
    p: String(metadata.page),
  };
}

export function parseAuditResultsMetadata(raw: unknown): AuditResultsMetadata {
  if (typeof raw !== 'string' || raw.length > BlockKitLimits.privateMetadata)
    throw malformed('Audit metadata');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw malformed('Audit metadata', error);
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) throw malformed('Audit metadata', parsed.error);
  const { s, v, d, a, p } = parsed.data;
  const fields: AuditFilterFields =
    s === 'iam-user'
      ? { iamUser: v ?? '' }
      : s === 'member'
        ? { member: v ?? '' }
        : s === 'request'
          ? { requestId: v ?? '' }
          : {};
  const filter = auditFilterFromFields({ ...fields, days: d });
  if (filter.subject.kind !== s) throw malformed('Audit metadata');
  return { filter, asOf: a, page: Number(p) };
}

/** The "More" button's value: the store's opaque cursor (base64url), which the store checks again. */
const cursorSchema = z.string().regex(/^[\w-]{1,2000}$/);

export function parseCursorValue(value: unknown): string {
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) throw malformed('Page cursor', parsed.error);
  return parsed.data;
}

const textValue = z.object({ type: z.literal('plain_text_input'), value: z.string().max(3000).nullish() });
const userValue = z.object({ type: z.literal('users_select'), selected_user: z.string().max(30).nullish() });

const filterValuesSchema = z.object({
  [BlockId.auditIamUser]: z.object({ [ActionId.auditIamUser]: textValue }),
  [BlockId.auditMember]: z.object({ [ActionId.auditMember]: userValue }),
  [BlockId.auditRequestId]: z.object({ [ActionId.auditRequestId]: textValue }),
  [BlockId.auditDays]: z.object({ [ActionId.auditDays]: textValue }),
});

/** The filter modal's `view.state.values`, as the fields the domain checks (AUDIT_FILTER_INVALID). */
export function readAuditFilterSubmission(values: unknown): AuditFilter {
  const parsed = filterValuesSchema.safeParse(values);
  if (!parsed.success) throw malformed('Audit filter submission', parsed.error);
  const v = parsed.data;
  const text = (input: { value?: string | null | undefined }) => input.value ?? undefined;
  const member = v[BlockId.auditMember]?.[ActionId.auditMember]?.selected_user ?? undefined;
  return auditFilterFromFields({
    ...optional('iamUser', text(v[BlockId.auditIamUser]![ActionId.auditIamUser]!)),
    ...optional('member', member),
    ...optional('requestId', text(v[BlockId.auditRequestId]![ActionId.auditRequestId]!)),
    ...optional('days', text(v[BlockId.auditDays]![ActionId.auditDays]!)),
  });
}

function optional<K extends keyof AuditFilterFields>(
  key: K,
  value: string | undefined,
): Partial<AuditFilterFields> {
  return value === undefined ? {} : { [key]: value };
}

/** The block that an AUDIT_FILTER_INVALID error belongs beside in the filter modal. */
export function auditFilterBlockOf(field: unknown): string {
  switch (field) {
    case 'iamUser':
      return BlockId.auditIamUser;
    case 'member':
      return BlockId.auditMember;
    case 'requestId':
      return BlockId.auditRequestId;
    case 'days':
      return BlockId.auditDays;
    default:
      return BlockId.auditIamUser;
  }
}
