import * as z from 'zod';
import { parseIamUserRef } from '../../domain/accounts.js';
import { type Attestation, verificationMethods } from '../../domain/approval-rules.js';
import { normaliseTokenCode } from '../../domain/authorisation.js';
import { ResetError } from '../../domain/errors.js';
import { cleanFreeText } from '../../domain/free-text.js';
import { ActionId, BlockId } from '../ids.js';
import type { DecisionModalMetadata } from '../views/approve-modal.js';
import type { RequestModalMetadata } from '../views/request-modal.js';
import { BlockKitLimits, reasonMaxLength } from '../views/text.js';

/**
 * What comes back from Slack for the views in this folder, checked at the boundary. Every parser
 * returns a typed value or throws a `ResetError` (INPUT_INVALID, or TOKEN_CODE_FORMAT for a
 * mistyped code) whose `details.blockId` names the input to flag, never a raw zod error.
 * Metadata and button values only say which request or user a view is about: the services look
 * the request up again and re-check who may do what, so nothing here is trusted for authority.
 */

/** Which way an input is wrong; `inputErrors` turns it into words next to the field. */
export type InputProblem = 'missing' | 'too_short' | 'too_long' | 'malformed';

function invalid(
  what: string,
  facts: { blockId?: string; problem: InputProblem; minLength?: number; maxLength?: number },
  cause?: unknown,
): ResetError {
  const details: Record<string, string | number> = { problem: facts.problem };
  if (facts.blockId !== undefined) details.blockId = facts.blockId;
  if (facts.minLength !== undefined) details.minLength = facts.minLength;
  if (facts.maxLength !== undefined) details.maxLength = facts.maxLength;
  return new ResetError('INPUT_INVALID', what, { details, cause });
}

/** Ids the IdGenerator makes: URL-safe (UUIDs, ULIDs, nanoids). */
const requestIdSchema = z.string().regex(/^[\w-]{1,128}$/);
/** IAM serials (`[\w+=/:,.@-]`, up to 256) as `deviceOptionValue` sends them: 150 at most. */
const deviceValueSchema = z.string().regex(new RegExp(`^[\\w+=/:,.@-]{1,${BlockKitLimits.optionValue}}$`));

const requestModalMetadataSchema = z.object({
  /** `name`, or `ACCOUNT_ID:name` for a user of a member account. */
  iamUserName: z.string().refine((text) => parseIamUserRef(text) !== undefined),
  targetSlackId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,20}$/)
    .optional(),
});
const decisionModalMetadataSchema = z.object({ requestId: requestIdSchema });

function parseJson(raw: unknown, what: string): unknown {
  if (typeof raw !== 'string' || raw.length > BlockKitLimits.privateMetadata) {
    throw invalid(`${what} is missing or too long.`, { problem: 'malformed' });
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw invalid(`${what} is not JSON.`, { problem: 'malformed' }, error);
  }
}

/** `private_metadata` of the request modal: the IAM user it was opened for. */
export function parseRequestModalMetadata(raw: unknown): RequestModalMetadata {
  const parsed = requestModalMetadataSchema.safeParse(parseJson(raw, 'Request modal metadata'));
  if (!parsed.success)
    throw invalid('Request modal metadata is malformed.', { problem: 'malformed' }, parsed.error);
  return parsed.data;
}

/** `private_metadata` of the approve and deny modals: the request they decide on. */
export function parseDecisionModalMetadata(raw: unknown): DecisionModalMetadata {
  const parsed = decisionModalMetadataSchema.safeParse(parseJson(raw, 'Decision modal metadata'));
  if (!parsed.success)
    throw invalid('Decision modal metadata is malformed.', { problem: 'malformed' }, parsed.error);
  return parsed.data;
}

/** The value of the Approve and Deny buttons: a request id. */
export function parseButtonValue(value: unknown): string {
  const parsed = requestIdSchema.safeParse(value);
  if (!parsed.success)
    throw invalid('Button value is not a request id.', { problem: 'malformed' }, parsed.error);
  return parsed.data;
}

/**
 * `view.state.values[blockId][actionId]` of one plain_text_input; Slack sends null when empty. Each
 * schema is built once, with the module: zod compiles a schema on its first use.
 */
function textInput(blockId: string, actionId: string) {
  const schema = z.object({
    [blockId]: z.object({
      [actionId]: z.object({ type: z.literal('plain_text_input'), value: z.string().nullish() }),
    }),
  });
  return { blockId, actionId, schema };
}

type TextInput = ReturnType<typeof textInput>;

const textInputs = {
  reason: textInput(BlockId.reason, ActionId.reason),
  tokenCode: textInput(BlockId.tokenCode, ActionId.tokenCode),
  denyReason: textInput(BlockId.denyReason, ActionId.denyReason),
};

/** The input's text ('' when empty); undefined when the submission does not have the input. */
function readText(values: unknown, input: TextInput): string | undefined {
  const parsed = input.schema.safeParse(values);
  return parsed.success ? (parsed.data[input.blockId]?.[input.actionId]?.value ?? '') : undefined;
}

/**
 * A free-text reason without invisible and control characters (`cleanFreeText`), trimmed, so that
 * ten spaces or ten zero-width spaces do not pass for a ten-character reason.
 */
function readReason(values: unknown, input: TextInput, minLength: number): string {
  const { blockId } = input;
  const text = readText(values, input);
  if (text === undefined) {
    throw invalid(`Submission has no text input ${blockId}.`, { blockId, problem: 'malformed' });
  }
  const reason = cleanFreeText(text).trim();
  if (reason.length === 0) throw invalid('Reason is empty.', { blockId, problem: 'missing' });
  if (reason.length < minLength)
    throw invalid('Reason is too short.', { blockId, problem: 'too_short', minLength });
  if (reason.length > reasonMaxLength) {
    throw invalid('Reason is too long.', { blockId, problem: 'too_long', maxLength: reasonMaxLength });
  }
  return reason;
}

const devicesSchema = z.object({
  [BlockId.devices]: z.object({
    [ActionId.devices]: z.object({
      type: z.literal('checkboxes'),
      selected_options: z.array(z.object({ value: deviceValueSchema })).max(BlockKitLimits.checkboxOptions),
    }),
  }),
});

export interface RequestSubmission {
  /** Option values of the ticked devices (`deviceOptionValue`): the serials, unless longer than 150. */
  readonly serials: string[];
  readonly reason: string;
}

/** The request modal's `view.state.values`: which devices, and why. */
export function readRequestSubmission(
  values: unknown,
  options: { readonly reasonMinLength?: number } = {},
): RequestSubmission {
  const devices = devicesSchema.safeParse(values);
  if (!devices.success) {
    throw invalid(
      'Device selection is malformed.',
      { blockId: BlockId.devices, problem: 'malformed' },
      devices.error,
    );
  }
  const serials = [
    ...new Set(devices.data[BlockId.devices][ActionId.devices].selected_options.map((o) => o.value)),
  ];
  if (serials.length === 0)
    throw invalid('No device selected.', { blockId: BlockId.devices, problem: 'missing' });
  const reason = readReason(values, textInputs.reason, options.reasonMinLength ?? 1);
  return { serials, reason };
}

/**
 * The approve modal's `view.state.values`: the MFA code, normalised to six digits. A mistyped code
 * is TOKEN_CODE_FORMAT, not a wrong code: it never reaches STS and costs no attempt. The code is
 * kept out of every error, message and cause.
 */
export function readApprovalSubmission(values: unknown): { readonly tokenCode: string } {
  const raw = readText(values, textInputs.tokenCode);
  if (raw === undefined) {
    throw invalid('Submission has no MFA code input.', { blockId: BlockId.tokenCode, problem: 'malformed' });
  }
  const tokenCode = raw.length <= 32 ? normaliseTokenCode(raw) : undefined;
  if (tokenCode === undefined) {
    throw new ResetError('TOKEN_CODE_FORMAT', 'The MFA code is not six digits.', {
      details: { blockId: BlockId.tokenCode, problem: 'malformed' },
    });
  }
  return { tokenCode };
}

/** The deny modal's `view.state.values`: the reason the requester will read. */
export function readDenySubmission(values: unknown): { readonly reason: string } {
  return { reason: readReason(values, textInputs.denyReason, 1) };
}

const attestationSchema = z.object({
  [BlockId.attestation]: z.object({
    [ActionId.attestationMethod]: z.object({
      type: z.literal('static_select'),
      selected_option: z.object({ value: z.enum(verificationMethods) }).nullish(),
    }),
  }),
  [BlockId.attestationNote]: z.object({
    [ActionId.attestationNote]: z.object({
      type: z.literal('plain_text_input'),
      value: z.string().nullish(),
    }),
  }),
});

/**
 * The approve modal's attestation (a rule with `verification: attest`): how the approver verified
 * the person, and their note. Undefined when the modal did not ask (the service refuses an
 * approval that needed one); a method outside the list, or a note too short, is INPUT_INVALID.
 */
export function readAttestation(values: unknown): Attestation | undefined {
  const asked = typeof values === 'object' && values !== null && BlockId.attestation in values;
  if (!asked) return undefined;
  const parsed = attestationSchema.safeParse(values);
  const method = parsed.success
    ? parsed.data[BlockId.attestation][ActionId.attestationMethod].selected_option?.value
    : undefined;
  if (method === undefined) {
    throw invalid('Choose how you verified the person.', {
      blockId: BlockId.attestation,
      problem: 'missing',
    });
  }
  const raw = parsed.data?.[BlockId.attestationNote][ActionId.attestationNote].value ?? '';
  const note = cleanFreeText(raw).trim();
  const blockId = BlockId.attestationNote;
  if (note.length < 10)
    throw invalid('The note is too short.', { blockId, problem: 'too_short', minLength: 10 });
  if (note.length > 500)
    throw invalid('The note is too long.', { blockId, problem: 'too_long', maxLength: 500 });
  return { method, note };
}
