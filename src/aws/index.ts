import type { MemberAccount } from '../domain/accounts.js';
import type { Logger } from '../services/ports.js';
import type { AccountTrails } from './account-trails.js';
import type { ChainAnchorsAdapter } from './anchors.js';
import { type AccountsIamAdapter, createAccountsIam } from './member-accounts.js';
import type { AwsAdapterOptions } from './options.js';
import { createSts, type StsAdapter } from './sts.js';

export type { AccountTrails, MemberTrail } from './account-trails.js';
export type { ChainAnchorsAdapter, ChainAnchorsOptions } from './anchors.js';
export type { AccountTrailAdapter } from './cloudtrail.js';
export type { AwsCallContext } from './errors.js';
export { translateAwsError } from './errors.js';
export type { IamAdapter } from './iam.js';
export { createIam } from './iam.js';
export type { AccountsIamAdapter } from './member-accounts.js';
export type { AwsAdapterOptions } from './options.js';
export type { StsAdapter } from './sts.js';
export { createSts } from './sts.js';

export interface AwsAdapters {
  readonly iam: AccountsIamAdapter;
  readonly sts: StsAdapter;
  /** Closes both clients' connections (at shutdown). */
  destroy(): void;
}

/** Both AWS adapters, for the composition root: IAM over the bot's account and the member accounts. */
export function createAwsAdapters(
  options: AwsAdapterOptions,
  accounts: readonly MemberAccount[] = [],
): AwsAdapters {
  const iam = createAccountsIam(options, accounts);
  const sts = createSts(options);
  return {
    iam,
    sts,
    destroy: () => {
      iam.destroy();
      sts.destroy();
    },
  };
}

/**
 * The chain anchors' S3 adapter for the audit settings' `anchors`, or undefined when they name none.
 * Loaded on first use: the S3 client is a large part of the SDK.
 */
export async function openChainAnchors(audit: {
  readonly anchors?: { readonly bucket: string; readonly prefix: string } | undefined;
  readonly table: string;
  readonly region?: string;
}): Promise<ChainAnchorsAdapter | undefined> {
  if (audit.anchors === undefined) return undefined;
  const { createChainAnchors } = await import('./anchors.js');
  const { bucket, prefix } = audit.anchors;
  return createChainAnchors({
    bucket,
    prefix,
    tableName: audit.table,
    ...(audit.region === undefined ? {} : { region: audit.region }),
  });
}

/**
 * Every account's CloudTrail reader, for the scheduled check and the enrolment follow-through.
 * Loaded on first use: a bot that does not check CloudTrail never loads the CloudTrail client.
 */
export async function openAccountTrails(
  options: AwsAdapterOptions & { logger: Logger },
  accounts: readonly MemberAccount[],
): Promise<AccountTrails> {
  const { createAccountTrails } = await import('./account-trails.js');
  return createAccountTrails(options, accounts);
}
