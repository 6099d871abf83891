import * as z from 'zod';
import {
  emailTemplatePlaceholders,
  iamUserNamePattern,
  iamUsersStaticallySharedByMembers,
  type MappingRule,
} from '../domain/mapping.js';
import { accountIssues, accountsSchema, mappedIamUser, protectSchema } from './accounts-schema.js';
import { approvalRulesSchema } from './approval-rules-schema.js';
import { members, slackUserId } from './slack-ids.js';

/**
 * `audit.anchors`: the S3 bucket (with Object Lock in compliance mode) that holds the chain's
 * anchors, an optional key prefix, and how often the head is anchored while the chain moves. The
 * command line reads it too, to check the anchors in `audit verify`.
 */
export const anchorsConfigSchema = z.strictObject({
  bucket: z
    .string()
    .regex(
      /^(?!xn--)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be an S3 bucket name (3–63 of lowercase letters, digits, dots and hyphens)',
    ),
  prefix: z
    .string()
    .regex(/^$|^[\w!.*'()/-]*\/$/, "must be empty or a key prefix ending with '/'")
    .default(''),
  everyMinutes: z.number().int().min(1).max(60).default(5),
});

export type AnchorsConfig = z.infer<typeof anchorsConfigSchema>;

/**
 * The YAML config file (path in MFA_RESET_CONFIG). Unknown keys are errors, so a misspelt key is
 * reported instead of silently ignored. Defaults are the secure choice.
 */
const slackChannelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel ID such as C012ABCDEF');
const iamUserName = z
  .string()
  .regex(iamUserNamePattern, 'must be an IAM user name (1–64 of letters, digits, +=,.@_-)');
/** TOTP devices only: a virtual device ARN or a hardware token serial. FIDO keys cannot be used with STS. */
const totpSerial = z
  .string()
  .regex(
    /^(arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+|[\w+=/:,.@-]{9,256})$/,
    'must be the serial of a TOTP device: a virtual MFA ARN (arn:aws:iam::ACCOUNT:mfa/NAME) or a hardware token serial',
  )
  .refine(
    (serial) => !serial.includes(':u2f/'),
    'FIDO security keys cannot be used with STS: use a TOTP device',
  );

/**
 * `aws.stepUp: when-required` made the changes with the bot's own key and called STS only when AWS
 * refused; with the policy in iam/ AWS always refuses, so it only added an AWS call. A file naming it
 * is refused, not read as `always`: deployments set it on purpose and must hear that it is gone.
 * Other wrong values get the configuration's usual words (undefined: the error map answers).
 */
function retiredStepUpMode(issue: { input?: unknown }): string | undefined {
  if (issue.input !== 'when-required') return undefined;
  return 'is "when-required", which this version no longer offers: set always, or remove the key (always is the default)';
}

/** One strategy per list item; an object with optional keys gives precise errors where a union would not. */
const mappingRule = z
  .strictObject({
    static: z.record(slackUserId, mappedIamUser).optional(),
    email: z
      .strictObject({
        template: z
          .string()
          .refine(
            (template) => emailTemplatePlaceholders.some((p) => template.includes(p)),
            `must contain one of ${emailTemplatePlaceholders.join(', ')}`,
          ),
        /** Only addresses in these domains are mapped (recommended: your company's domains). */
        domains: z.array(z.string().min(1)).optional(),
      })
      .optional(),
    tag: z.strictObject({ key: z.string().min(1).max(128) }).optional(),
  })
  .refine((rule) => Object.keys(rule).length === 1, {
    message: 'each mapping item must have exactly one of static, email or tag',
  })
  .transform((rule): MappingRule => {
    if (rule.static !== undefined) return { static: rule.static };
    if (rule.email !== undefined) return { email: rule.email };
    return { tag: rule.tag! };
  });

export const configFileSchema = z
  .strictObject({
    slack: z.strictObject(
      {
        approvalChannel: z
          .string({ error: 'is not set: set it to the ID of the channel where approvers see requests (C…)' })
          .pipe(slackChannelId),
      },
      { error: 'is not set: add a slack section with approvalChannel' },
    ),
    approvers: members
      .extend({
        minApprovals: z.number().int().min(1).max(5).default(1),
        /** Each approver's own TOTP device on the bot's IAM user: Slack user ID → serial. */
        mfaDevices: z.record(slackUserId, totpSerial).default({}),
        /** Wrong codes from one approver device, across requests, that lock it for the window. */
        lockout: z
          .strictObject({
            maxFailures: z.number().int().min(1).max(20).default(5),
            windowMinutes: z.number().int().min(1).max(1_440).default(15),
          })
          .default({ maxFailures: 5, windowMinutes: 15 }),
      })
      .refine((a) => a.users.length + a.userGroups.length > 0, {
        message: 'name at least one approver in approvers.users or approvers.userGroups',
      }),
    auditors: members.default({ users: [], userGroups: [] }),
    /** Who may request a reset for another member (`/mfa-reset @member`); nobody by default. */
    helpdesk: members.default({ users: [], userGroups: [] }),
    aws: z
      .strictObject({
        /** Shared fallback device for approvers without an entry in approvers.mfaDevices. */
        botMfaSerial: totpSerial.optional(),
        /** The bot's own IAM user: never reset through the bot. */
        botUserName: iamUserName.default('mfa-reset-bot'),
        /** STS checks the approver's code before any change: the only mode. */
        stepUp: z.literal('always', { error: retiredStepUpMode }).default('always'),
        /**
         * A named AWS profile holding the step-up key (the bot's IAM user's access key), used for
         * STS GetSessionToken only; everything else runs on the runtime identity (the SDK's chain).
         */
        stepUpProfile: z
          .string()
          .regex(/^[\w.+@-]{1,64}$/, 'must be a profile name')
          .optional(),
        deleteVirtualDevices: z.boolean().default(true),
      })
      .default({ botUserName: 'mfa-reset-bot', stepUp: 'always', deleteVirtualDevices: true }),
    mapping: z
      .array(mappingRule, { error: 'is not set: add a list of mapping rules (static, email or tag)' })
      .min(1, 'add at least one mapping rule (static, email or tag)')
      .superRefine((rules, context) => {
        for (const shared of iamUsersStaticallySharedByMembers(rules)) {
          context.addIssue({
            code: 'custom',
            message:
              `static rules give the IAM user ${shared.iamUserName} to ${shared.members.join(' and ')}: ` +
              'one Slack member per IAM user',
          });
        }
      }),
    protect: protectSchema.default({ users: [] }),
    /** The member accounts the bot also resets in; its own account is implicit. */
    accounts: accountsSchema,
    /** Approval rules per IAM user, first match first; the global approvers are the last rule. */
    rules: approvalRulesSchema,
    requests: z
      .strictObject({
        ttlMinutes: z.number().int().min(5).max(10_080).default(60),
        reasonMinLength: z.number().int().min(1).max(500).default(10),
        maxTokenAttempts: z.number().int().min(1).max(10).default(3),
        /** Resets carried out for one IAM user within 24 hours before new requests are refused. */
        maxResetsPerTargetPerDay: z.number().int().min(1).max(50).default(3),
        /** Minutes a request waits before its first reminder; the next ones after doubling intervals. 0: off. */
        remindAfterMinutes: z.number().int().min(0).max(10_080).default(30),
        /** `/mfa-reset` commands one member may send in a minute before they are refused. */
        commandsPerMinute: z.number().int().min(1).max(1_000).default(20),
        /** Hours a member has to enrol a new MFA device after a completed reset (reminded at half); 0: off. */
        enrolWithinHours: z.number().int().min(0).max(168).default(24),
      })
      .default({
        ttlMinutes: 60,
        reasonMinLength: 10,
        maxTokenAttempts: 3,
        maxResetsPerTargetPerDay: 3,
        remindAfterMinutes: 30,
        commandsPerMinute: 20,
        enrolWithinHours: 24,
      }),
    audit: z
      .strictObject({
        table: z
          .string()
          .regex(/^[\w.-]{3,255}$/, 'must be a DynamoDB table name')
          .default('mfa-reset-audit'),
        /** Minutes between checks of the account's CloudTrail against the trail; off when unset. */
        cloudtrailCheckMinutes: z.number().int().min(5).max(1_440).optional(),
        /** Where CloudTrail keeps IAM's events: us-east-1 in the commercial partition. */
        cloudtrailRegion: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
          .default('us-east-1'),
        /** Where the chain is anchored outside the table; no anchors when unset (a warning at start-up). */
        anchors: anchorsConfigSchema.optional(),
      })
      .default({ table: 'mfa-reset-audit', cloudtrailRegion: 'us-east-1' }),
  })
  .refine((p) => p.aws.botMfaSerial !== undefined || Object.keys(p.approvers.mfaDevices).length > 0, {
    message: 'set aws.botMfaSerial or give approvers their own devices in approvers.mfaDevices',
    path: ['aws', 'botMfaSerial'],
  })
  .superRefine((p, context) => {
    for (const issue of accountIssues(p)) context.addIssue({ code: 'custom', ...issue });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
