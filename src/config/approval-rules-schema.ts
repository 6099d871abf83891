import * as z from 'zod';
import { DEFAULT_RULE_NAME } from '../domain/approval-rules.js';
import { members } from './slack-ids.js';

/**
 * `rules:`, approval rules per IAM user. Each names what it matches (every condition it lists must
 * hold) and what a request under it needs; what it leaves out comes from the global settings
 * (approvers, minApprovals) or the lenient default (both requesters, no verification, no wait).
 */
const ruleMatchSchema = z
  .strictObject({
    tag: z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(256) }).optional(),
    pathPrefix: z
      .string()
      .regex(/^\/([\x21-\x7e]*\/)?$/, 'must be an IAM path such as /admins/ (starting and ending with /)')
      .optional(),
    group: z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'must be an IAM group name')
      .optional(),
    userName: z.string().min(1).max(128).optional(),
    administratorAccess: z.literal(true, { error: 'must be true (leave it out to match anyone)' }).optional(),
  })
  .refine((match) => Object.keys(match).length > 0, {
    message: 'name at least one of tag, pathPrefix, group, userName or administratorAccess',
  });

const ruleSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[\w-]{1,64}$/, 'must be 1–64 letters, digits, _ or -')
    .refine(
      (name) => name !== DEFAULT_RULE_NAME,
      `"${DEFAULT_RULE_NAME}" is the name of the global settings`,
    ),
  match: ruleMatchSchema,
  /** Who approves under this rule; the global approvers when left out. */
  approvers: members
    .refine((a) => a.users.length + a.userGroups.length > 0, {
      message: 'name at least one approver in users or userGroups',
    })
    .optional(),
  minApprovals: z.number().int().min(1).max(5).optional(),
  requesters: z.enum(['self', 'helpdesk', 'both']).default('both'),
  verification: z.enum(['none', 'attest', 'confirm']).default('none'),
  waitMinutes: z.number().int().min(0).max(1_440).default(0),
  /** Under `verification: confirm`: the IAM tag naming the confirmer's Slack user ID, and/or members. */
  confirmers: members
    .extend({ tag: z.string().min(1).max(128).optional() })
    .refine((c) => c.tag !== undefined || c.users.length + c.userGroups.length > 0, {
      message: 'name a tag, users or userGroups',
    })
    .optional(),
});

const confirmedRuleSchema = ruleSchema.superRefine((rule, context) => {
  if (rule.verification === 'confirm' && rule.confirmers === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['confirmers'],
      message: 'is needed with verification: confirm',
    });
  }
  if (rule.verification !== 'confirm' && rule.confirmers !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['confirmers'],
      message: 'is used only with verification: confirm',
    });
  }
});

export const approvalRulesSchema = z
  .array(confirmedRuleSchema)
  .default([])
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    for (const [index, rule] of rules.entries()) {
      if (seen.has(rule.name)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `is used by two rules: "${rule.name}"`,
        });
      }
      seen.add(rule.name);
    }
  });

export type ApprovalRulesConfig = z.infer<typeof approvalRulesSchema>;
