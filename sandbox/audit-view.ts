import { Writable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { runCli } from '../src/cli/run-cli.js';
import type { AuditEvent } from '../src/domain/audit.js';
import { createDynamoStore, GroupCommit, MAX_PAGE_SIZE, openAuditTable } from '../src/store/index.js';

/**
 * The audit trail as the page shows it, read with the bot's own store code, and `audit verify` run
 * through the real command line (the same parsing, checks and words as `mfa-reset-bot audit verify`).
 */
export interface AuditVerdict {
  readonly intact: boolean;
  readonly exitCode: number;
  /** What the command printed, stdout then stderr. */
  readonly output: string;
  /** The same check from a terminal, against this sandbox's DynamoDB Local. */
  readonly command: string;
}

export interface AuditView {
  /** Every event, newest first, up to `max`. */
  events(max?: number): Promise<AuditEvent[]>;
  verify(): Promise<AuditVerdict>;
}

export function createAuditView(input: {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The bot's config file: `audit verify` checks the anchors it names, as an operator's would. */
  readonly configFilePath: string;
  /** The environment a terminal would need to reach the sandbox's DynamoDB Local. */
  readonly terminalEnv: Readonly<Record<string, string>>;
}): AuditView {
  const openStore = () => {
    const table = openAuditTable({ tableName: input.tableName, client: input.client });
    return createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
  };
  return {
    events: async (max = 2_000) => {
      const store = openStore();
      const events: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.queryAudit({ by: 'time', limit: MAX_PAGE_SIZE, ...(cursor && { cursor }) });
        events.push(...page.events);
        cursor = page.cursor;
      } while (cursor !== undefined && events.length < max);
      return events.slice(-max).reverse();
    },
    verify: async () => {
      let output = '';
      const sink = new Writable({
        write(chunk, _encoding, done) {
          output += String(chunk);
          done();
        },
      });
      const exitCode = await runCli({
        argv: ['audit', 'verify', '--table', input.tableName],
        env: { MFA_RESET_CONFIG: input.configFilePath },
        stdout: sink,
        stderr: sink,
        openStore,
      });
      const variables = Object.entries(input.terminalEnv)
        .map(([name, value]) => `${name}=${value}`)
        .join(' ');
      return {
        intact: exitCode === 0,
        exitCode,
        output: output.trim(),
        command: `${variables} MFA_RESET_CONFIG=${input.configFilePath} npm run -s cli -- audit verify --table ${input.tableName}`,
      };
    },
  };
}
