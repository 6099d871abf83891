import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlarmClaims } from '../services/ports.js';
import type { AuditTable } from './audit-table.js';
import { storeUnavailable } from './errors.js';
import { alarmKey, ttlAttribute } from './table-layout.js';

export interface AlarmClaimsOptions {
  readonly table: AuditTable;
  /** A secret every replica holds and the audit table never sees: it signs the claims. */
  readonly secret: string;
}

/**
 * Alarm claims that whoever can write the table cannot forge: each carries a keyed digest of the
 * alarm's key and its times under a key derived from `secret`. A claim without a valid digest (put
 * there in advance to silence the alarm, or by a bot with another secret) counts as no claim, so
 * the alarm is delivered; a claim whose time is past counts as none either.
 */
export function createAlarmClaims(options: AlarmClaimsOptions): AlarmClaims {
  const { documents, tableName } = options.table;
  const signingKey = createHmac('sha256', options.secret).update('mfa-reset-bot alarm claims').digest();
  const proofOf = (key: string, deliveredAt: string, until: string): Buffer =>
    createHmac('sha256', signingKey).update(`${key}\n${deliveredAt}\n${until}`).digest();

  function isGenuine(key: string, item: Record<string, unknown>): boolean {
    const { deliveredAt, until, proof } = item;
    if (typeof deliveredAt !== 'string' || typeof until !== 'string' || typeof proof !== 'string')
      return false;
    const expected = proofOf(key, deliveredAt, until);
    const given = Buffer.from(proof, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  return {
    async delivered(key, now) {
      try {
        const { Item: item } = await documents.send(
          new GetCommand({ TableName: tableName, Key: alarmKey(key), ConsistentRead: true }),
        );
        if (item === undefined || !isGenuine(key, item)) return false;
        return Date.parse(String(item.until)) > now.getTime();
      } catch (error) {
        throw storeUnavailable(error, 'read an alarm claim');
      }
    },
    async recordDelivered(key, claim) {
      try {
        // Whole and unconditional: a claim someone else put there is replaced by a genuine one.
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...alarmKey(key),
              entity: 'alarm',
              alarm: key,
              deliveredAt: claim.at,
              until: claim.until,
              proof: proofOf(key, claim.at, claim.until).toString('hex'),
              [ttlAttribute]: Math.ceil(Date.parse(claim.until) / 1000),
            },
          }),
        );
      } catch (error) {
        throw storeUnavailable(error, 'record an alarm claim');
      }
    },
  };
}
