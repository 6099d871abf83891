import type { ResetError } from '../domain/errors.js';
import { checkAnchors } from '../services/anchors.js';
import type { ChainAnchors } from '../services/ports.js';
import type { ChainAnchorCheck, DynamoStore } from '../store/index.js';
import { type TextOutput, write } from './output.js';
import { exitCodes, PROGRAM } from './usage.js';

/** The chain's anchors, for `audit verify`, and `destroy` when they opened a client of their own. */
export type AnchorReader = Pick<ChainAnchors, 'list'> & { destroy?(): void };

/** What `audit verify` needs of the store. */
export type VerifiedStore = Pick<DynamoStore, 'tableName' | 'verifyAuditChain' | 'hashesAt'>;

/**
 * `audit verify`: the whole table (chain, indexes, requests), the anchors given with `--anchor`,
 * and, when the config file names `audit.anchors`, every anchor in S3. Exit 0 intact, 1 naming the
 * first problem; anchors that cannot be read throw ANCHORS_UNREADABLE (exit 6, `reportAnchorsUnreadable`).
 */
export async function verify(
  store: VerifiedStore,
  output: {
    stdout: TextOutput;
    stderr: TextOutput;
    anchors: readonly ChainAnchorCheck[];
    /** The anchors in S3 (`audit.anchors`), when the config file names them. */
    outside: AnchorReader | undefined;
  },
): Promise<number> {
  const chain = await store.verifyAuditChain({ anchors: output.anchors });
  const anchored =
    chain.ok && output.outside !== undefined
      ? await checkAnchors({ anchors: output.outside, chain: store })
      : undefined;
  const result = anchored === undefined ? chain : { ...chain, ok: false, ...anchored };
  if (result.ok) {
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
    const agreeing =
      output.anchors.length === 1 ? '1 anchor agrees' : `${output.anchors.length} anchors agree`;
    const anchors = output.anchors.length === 0 ? '' : `; ${agreeing}`;
    const outside = output.outside === undefined ? '' : '; every anchor in S3 agrees';
    await write(
      output.stdout,
      `Audit trail in ${store.tableName} is intact: ${count(result.checked, 'event')} and ${count(result.requestsChecked, 'request')} checked${anchors}${outside}.\n`,
    );
    return exitCodes.ok;
  }
  const where =
    result.firstBadSeq !== undefined
      ? `the first bad event is seq ${result.firstBadSeq}`
      : `request ${result.badRequestId ?? '?'} disagrees with its events`;
  await write(
    output.stderr,
    `Audit trail in ${store.tableName} is NOT intact: ${where}.\n` +
      `${result.problem ?? ''}\n` +
      `Compare with an earlier export (${PROGRAM} audit export) to see what changed, and treat this as a security incident.\n`,
  );
  return exitCodes.tampered;
}

export async function reportAnchorsUnreadable(error: ResetError, stderr: TextOutput): Promise<number> {
  const cause = error.cause instanceof Error ? ` (${error.cause.name})` : '';
  await write(
    stderr,
    `${PROGRAM}: ${error.code}: ${error.message}${cause}\nThe trail was not checked against its anchors. ` +
      'Check the AWS credentials, AWS_ENDPOINT_URL_S3, the bucket in audit.anchors, and that the caller may ' +
      's3:GetObject, s3:ListBucket and s3:ListBucketVersions on it.\n',
  );
  return exitCodes.anchorsFailed;
}
