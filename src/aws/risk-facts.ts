import {
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import {
  type AttachedPolicy,
  type Fact,
  grantsEverything,
  type IamRiskFacts,
  type InlinePolicy,
  knownFact,
  type PolicySource,
  type UnknownReason,
  unknownFact,
} from '../domain/risk-facts.js';
import type { Logger } from '../services/ports.js';
import { isNoSuchEntity, translateAwsError } from './errors.js';
import { requireField } from './required-field.js';

/**
 * The IAM reads behind the approver's risk facts: GetLoginProfile and GetUser (console password,
 * last sign-in), ListAccessKeys, ListGroupsForUser, the user's and its groups' attached and inline
 * policies. All start at once and share one deadline (an AbortSignal every SDK call and paginator
 * is given), so the whole reading takes at most `budgetMs`; a read that fails, is denied or is
 * still running at the deadline gives an unknown fact, never an error and never "none".
 *
 * Bounded in calls too: IAM allows a user 10 groups, and inline policies share 2,048 characters
 * per user (5,120 per group), so the lists are short; past `MAX_GROUPS` groups or
 * `MAX_INLINE_POLICIES` inline policies of one principal, the rest is unknown ("too-many").
 */
export const DEFAULT_RISK_FACTS_BUDGET_MS = 2_000;
export const MAX_GROUPS = 10;
export const MAX_INLINE_POLICIES = 20;

/** What a risk read's client adds to its User-Agent (`app/…`): CloudTrail and tests tell them apart by it. */
export const RISK_FACTS_APP_ID = 'mfa-reset-bot-risk-facts';

export function createRiskFactsReader(input: {
  readonly client: IAMClient;
  readonly budgetMs?: number;
  readonly logger?: Logger | undefined;
}) {
  const { client, logger } = input;
  const budgetMs = input.budgetMs ?? DEFAULT_RISK_FACTS_BUDGET_MS;

  return async function readRiskFacts(userName: string): Promise<IamRiskFacts> {
    const signal = AbortSignal.timeout(budgetMs);
    const options = { abortSignal: signal };

    /** One read as a fact: its value, or unknown with the reason. */
    async function fact<T>(operation: string, read: () => Promise<T>): Promise<Fact<T>> {
      try {
        return knownFact(await read());
      } catch (error) {
        const reason = reasonOf(error, signal, operation);
        logger?.warn({ operation, userName, reason }, 'a risk fact could not be read');
        return unknownFact(reason);
      }
    }

    async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined) {
      const out: T[] = [];
      for await (const page of pages) out.push(...(items(page) ?? []));
      return out;
    }

    /** The inline policies' names, then each document (read in parallel), judged by the domain. */
    async function inlinePolicies(
      operation: string,
      names: () => Promise<string[]>,
      document: (name: string) => Promise<string | undefined>,
    ): Promise<Fact<readonly InlinePolicy[]>> {
      return fact(operation, async () => {
        const listed = await names();
        if (listed.length > MAX_INLINE_POLICIES) throw new TooMany();
        return Promise.all(
          listed.map(async (name) => ({
            name,
            grantsEverything: grantsEverything(parseDocument(await document(name))),
          })),
        );
      });
    }

    function attached(page: {
      AttachedPolicies?: ReadonlyArray<{ PolicyName?: string; PolicyArn?: string }>;
    }) {
      return (page.AttachedPolicies ?? []).map(
        (policy): AttachedPolicy => ({
          name: policy.PolicyName ?? '',
          arn: requireField(
            policy.PolicyArn,
            'AttachedPolicies.member.PolicyArn',
            'iam:ListAttached*Policies',
          ),
        }),
      );
    }

    const UserName = userName;
    const userSource = async (): Promise<PolicySource> => {
      const [attachedFact, inlineFact] = await Promise.all([
        fact('iam:ListAttachedUserPolicies', () =>
          collect(paginateListAttachedUserPolicies({ client }, { UserName }, options), attached),
        ),
        inlinePolicies(
          'iam:ListUserPolicies',
          () => collect(paginateListUserPolicies({ client }, { UserName }, options), (p) => p.PolicyNames),
          async (PolicyName) =>
            (await client.send(new GetUserPolicyCommand({ UserName, PolicyName }), options)).PolicyDocument,
        ),
      ]);
      return { from: { kind: 'user' }, attached: attachedFact, inline: inlineFact };
    };

    const groupSource = async (GroupName: string): Promise<PolicySource> => {
      const [attachedFact, inlineFact] = await Promise.all([
        fact('iam:ListAttachedGroupPolicies', () =>
          collect(paginateListAttachedGroupPolicies({ client }, { GroupName }, options), attached),
        ),
        inlinePolicies(
          'iam:ListGroupPolicies',
          () => collect(paginateListGroupPolicies({ client }, { GroupName }, options), (p) => p.PolicyNames),
          async (PolicyName) =>
            (await client.send(new GetGroupPolicyCommand({ GroupName, PolicyName }), options)).PolicyDocument,
        ),
      ]);
      return { from: { kind: 'group', name: GroupName }, attached: attachedFact, inline: inlineFact };
    };

    const groupsRead = fact('iam:ListGroupsForUser', () =>
      collect(paginateListGroupsForUser({ client }, { UserName }, options), (page) =>
        page.Groups?.map((group) =>
          requireField(group.GroupName, 'Groups.member.GroupName', 'iam:ListGroupsForUser'),
        ),
      ),
    );
    const [consolePassword, passwordLastUsed, activeAccessKeys, groups, user, groupSources] =
      await Promise.all([
        fact('iam:GetLoginProfile', async () => {
          try {
            await client.send(new GetLoginProfileCommand({ UserName }), options);
            return true;
          } catch (error) {
            // IAM's answer for a user without a console password.
            if (isNoSuchEntity(error)) return false;
            throw error;
          }
        }),
        fact('iam:GetUser', async () => {
          const { User } = await client.send(new GetUserCommand({ UserName }), options);
          return User?.PasswordLastUsed?.toISOString() ?? null;
        }),
        fact('iam:ListAccessKeys', async () => {
          const keys = await collect(
            paginateListAccessKeys({ client }, { UserName }, options),
            (p) => p.AccessKeyMetadata,
          );
          return keys.filter((key) => key.Status === 'Active').length;
        }),
        groupsRead,
        userSource(),
        groupsRead.then((read) => (read.known ? readGroups(read.value) : [])),
      ]);
    return { consolePassword, passwordLastUsed, activeAccessKeys, groups, policies: [user, ...groupSources] };

    async function readGroups(names: readonly string[]): Promise<PolicySource[]> {
      const read = await Promise.all(names.slice(0, MAX_GROUPS).map(groupSource));
      const unread = names.slice(MAX_GROUPS).map(
        (name): PolicySource => ({
          from: { kind: 'group', name },
          attached: unknownFact('too-many'),
          inline: unknownFact('too-many'),
        }),
      );
      return [...read, ...unread];
    }
  };
}

class TooMany extends Error {}

function parseDocument(encoded: string | undefined): unknown {
  if (encoded === undefined) return undefined;
  // IAM returns policy documents URL-encoded (RFC 3986); one that does not parse leaves the fact unknown.
  return JSON.parse(decodeURIComponent(encoded));
}

function reasonOf(error: unknown, signal: AbortSignal, operation: string): UnknownReason {
  if (error instanceof TooMany) return 'too-many';
  if (signal.aborted) return 'timed-out';
  const coded = translateAwsError(error, { operation });
  if (coded.code === 'AWS_ACCESS_DENIED') return 'access-denied';
  if (coded.details.timedOut === true) return 'timed-out';
  return 'failed';
}
