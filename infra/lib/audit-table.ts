import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnTable, type CfnTableProps } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../src/store/create-table.js';
import { ttlAttribute } from '../../src/store/table-layout.js';

/** `{ AttributeName: 'PK' }` → `{ attributeName: 'PK' }`, all the way down. */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key.charAt(0).toLowerCase() + key.slice(1),
        camelKeys(item),
      ]),
    );
  }
  return value;
}

/**
 * The audit table: keys, attributes, indexes and billing exactly as the bot's `table create` makes
 * them (one definition, src/store/create-table.ts), plus what protects the trail in an account:
 * deletion protection, point-in-time recovery, encryption with a KMS key, kept when the stack is
 * deleted, a stream of new images for a SIEM, and the time-to-live attribute `table create` turns on.
 */
export class AuditTable extends Construct {
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: { tableName: string }) {
    super(scope, id);
    const definition = camelKeys(tableDefinition(props.tableName)) as CfnTableProps;
    this.table = new CfnTable(this, 'Table', {
      ...definition,
      deletionProtectionEnabled: true,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      sseSpecification: { sseEnabled: true, sseType: 'KMS' },
      streamSpecification: { streamViewType: 'NEW_IMAGE' },
      // As `table create` turns it on: items that only matter for a while are deleted after.
      timeToLiveSpecification: { attributeName: ttlAttribute, enabled: true },
    });
    this.table.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  get tableArn(): string {
    return this.table.attrArn;
  }
}
