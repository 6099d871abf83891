import type { SectionBlock } from '@slack/types';
import {
  type AttachedPolicy,
  administratorPolicies,
  type Fact,
  hasAdministratorAccess,
  type PolicySource,
  type RiskFacts,
  type UnknownReason,
} from '../../domain/risk-facts.js';
import { linesSections } from './blocks.js';
import { escapeMrkdwn, slackDate } from './text.js';

/**
 * What the approvers weigh about the IAM user, as the approval message and the approve modal show
 * it: administrator access and console access called out first, then access keys, groups,
 * policies and the resets of the last 90 days. What could not be read says "unknown", never "none".
 * Nothing for a request made before the facts were read.
 */
export function riskFactsBlocks(facts: RiskFacts | undefined): SectionBlock[] {
  if (facts === undefined) return [];
  return linesSections(
    `*Before you approve* (read from IAM and the audit trail ${slackDate(facts.readAt)})`,
    [
      administratorLine(facts),
      consoleLine(facts),
      `:key: *Active access keys*: ${shown(facts.activeAccessKeys, (count) => (count === 0 ? 'none' : String(count)))}`,
      `:busts_in_silhouette: *Groups*: ${shown(facts.groups, (names) => listed(names.map(code)))}`,
      `:page_facing_up: *Policies*: ${policiesText(facts.policies)}`,
      `:date: *Resets completed in the last ${facts.recentResets.known ? facts.recentResets.value.days : 90} days*: ${shown(
        facts.recentResets,
        (resets) => `${resets.completed}${resets.atLeast ? ' or more' : ''}`,
      )}`,
    ],
  );
}

/** At most this many names in a list; the rest are counted. */
const MAX_LISTED = 10;
const NAME_CHARS = 128;

const unknownWords: Readonly<Record<UnknownReason, string>> = {
  'access-denied': 'access denied',
  'timed-out': 'IAM did not answer in time',
  failed: 'could not be read',
  'too-many': 'too many to read',
};

function unknown(reason: UnknownReason): string {
  return `*unknown* (${unknownWords[reason]})`;
}

function shown<T>(fact: Fact<T>, words: (value: T) => string): string {
  return fact.known ? words(fact.value) : unknown(fact.reason);
}

function code(name: string): string {
  return `\`${escapeMrkdwn(name, NAME_CHARS)}\``;
}

function listed(items: readonly string[]): string {
  if (items.length === 0) return 'none';
  const more = items.length - MAX_LISTED;
  return items.slice(0, MAX_LISTED).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

function administratorLine(facts: RiskFacts): string {
  const admin = hasAdministratorAccess(facts);
  if (admin === true) {
    const names = administratorPolicies(facts).map((name) => escapeMrkdwn(name, NAME_CHARS * 2));
    return `:rotating_light: *Administrator access: YES* (${listed(names)})`;
  }
  if (admin === false) return '*Administrator access*: no';
  return '*Administrator access*: *unknown* (not every policy could be read)';
}

function consoleLine(facts: RiskFacts): string {
  const { consolePassword, passwordLastUsed } = facts;
  const lastSignIn = shown(passwordLastUsed, (at) => (at === null ? 'never' : slackDate(at)));
  if (!consolePassword.known)
    return `*Console access*: ${unknown(consolePassword.reason)}, last sign-in ${lastSignIn}`;
  if (!consolePassword.value) return '*Console access*: none (no console password)';
  return `:warning: *Console access: YES* (console password), last sign-in ${lastSignIn}`;
}

function policiesText(sources: readonly PolicySource[]): string {
  const names: string[] = [];
  const unread: string[] = [];
  for (const source of sources) {
    const where = source.from.kind === 'user' ? 'the user' : `group ${code(source.from.name)}`;
    if (source.attached.known)
      names.push(...source.attached.value.map((policy) => attachedName(policy, source)));
    else unread.push(`attached to ${where}: ${unknown(source.attached.reason)}`);
    if (source.inline.known)
      names.push(...source.inline.value.map((policy) => `${code(policy.name)} (inline${via(source)})`));
    else unread.push(`inline in ${where}: ${unknown(source.inline.reason)}`);
  }
  if (unread.length === 0) return listed(names);
  // Never "none" beside a part that could not be read: only what was read is listed.
  return [...(names.length === 0 ? [] : [listed(names)]), ...unread].join('; ');
}

function attachedName(policy: AttachedPolicy, source: PolicySource): string {
  const where = via(source);
  return where === '' ? code(policy.name) : `${code(policy.name)} (${where.slice(2)})`;
}

function via(source: PolicySource): string {
  return source.from.kind === 'user' ? '' : `, group ${escapeMrkdwn(source.from.name, NAME_CHARS)}`;
}
