import {
  type AppliedRule,
  assertRequesterAllowed,
  DEFAULT_RULE_NAME,
  type RuleSettings,
  type RuleSubject,
  ruleDigest,
  ruleFor,
  rulesNeedIamFacts,
} from '../domain/approval-rules.js';
import { ResetError } from '../domain/errors.js';
import type { ResetRequest } from '../domain/request.js';
import { groupNames, hasAdministratorAccess } from '../domain/risk-facts.js';
import type { IamUser } from './ports.js';
import type { ResetRules, ServiceDeps } from './service-deps.js';

/** The global settings as a rule: the approvers and minApprovals of the config, no verification, no wait. */
export function globalRuleSettings(rules: ResetRules): RuleSettings {
  return {
    approvers: { users: rules.approvers.users, userGroups: rules.approvers.userGroups },
    minApprovals: rules.approvers.minApprovals,
    requesters: 'both',
    verification: 'none',
    waitMinutes: 0,
  };
}

/** What a request needs: its rule's settings; a request made before rules existed needs the global ones. */
export function settingsOf(request: ResetRequest, rules: ResetRules): RuleSettings {
  return request.rule?.settings ?? globalRuleSettings(rules);
}

/** The rule a request was made under, as its digest names it (the global settings for older requests). */
export function appliedRuleOf(request: ResetRequest, rules: ResetRules): AppliedRule {
  return request.rule ?? { name: DEFAULT_RULE_NAME, why: [], settings: globalRuleSettings(rules) };
}

/**
 * What the rules look at, read now: the user as GetUser gave it, and, only when a rule matches on
 * them, its groups and administrator access (unknown where IAM could not say).
 */
export async function ruleSubjectOf(
  deps: Pick<ServiceDeps, 'iam' | 'rules'>,
  user: IamUser,
): Promise<RuleSubject> {
  if (!rulesNeedIamFacts(deps.rules.approvalRules)) return user;
  const facts = await deps.iam.readRiskFacts(user.userName);
  return { ...user, groups: groupNames(facts), administratorAccess: hasAdministratorAccess(facts) };
}

/** The approval rule for an IAM user as the config and the user's IAM facts say now. */
export function ruleForUser(rules: ResetRules, subject: RuleSubject): AppliedRule {
  return ruleFor(rules.approvalRules, globalRuleSettings(rules), subject);
}

/** The rule for a request about to be made, refusing a requester the rule does not allow. */
export async function ruleForNewRequest(
  deps: Pick<ServiceDeps, 'iam' | 'rules'>,
  input: { readonly user: IamUser; readonly onBehalf: boolean },
): Promise<AppliedRule> {
  const rule = ruleForUser(deps.rules, await ruleSubjectOf(deps, input.user));
  assertRequesterAllowed(rule, { onBehalf: input.onBehalf });
  return rule;
}

/**
 * Refuses (RULE_CHANGED) a request whose IAM user would now fall under another rule, or under its
 * rule with other settings: a request is decided under the rule it was made under, and only while
 * that rule still stands, so an edit of the config or of the user's tags can neither lower nor
 * silently raise what it needs.
 */
export async function assertRuleStands(
  deps: Pick<ServiceDeps, 'iam' | 'rules'>,
  request: ResetRequest,
  user: IamUser,
): Promise<void> {
  const { rules } = deps;
  const recorded = appliedRuleOf(request, rules);
  const now = ruleForUser(rules, await ruleSubjectOf(deps, user));
  if (ruleDigest(now) === ruleDigest(recorded)) return;
  throw new ResetError(
    'RULE_CHANGED',
    `Request ${request.id} was made under approval rule "${recorded.name}"; IAM user ${user.userName} now falls under "${now.name}"${now.name === recorded.name ? ' with other settings' : ''}.`,
    { details: { requestId: request.id, rule: recorded.name, ruleNow: now.name } },
  );
}
