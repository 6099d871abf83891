import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TextOutput } from '../../../src/cli/output.js';
import { type AuditAdmin, type CliOptions, runCli } from '../../../src/cli/run-cli.js';
import { createDynamoStore, GroupCommit, openAuditTable } from '../../../src/store/index.js';

/** Collects what the CLI writes. */
export class CapturedOutput implements TextOutput {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  once(): this {
    return this;
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The table names the CLI opened a store for. */
  readonly openedTables: readonly string[];
}

/** Runs the CLI in-process against DynamoDB Local through `client`, with an empty environment by default. */
export async function runAgainst(
  client: DynamoDBClient,
  argv: readonly string[],
  options: {
    env?: CliOptions['env'];
    adapt?: (store: AuditAdmin) => AuditAdmin;
    /** What the config file named by MFA_RESET_CONFIG reads as. */
    readFile?: CliOptions['readFile'];
  } = {},
): Promise<CliRun> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const openedTables: string[] = [];
  const code = await runCli({
    argv,
    env: options.env ?? {},
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
    stdout,
    stderr,
    openStore: ({ tableName }) => {
      openedTables.push(tableName);
      const table = openAuditTable({ tableName, client });
      const store = createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
      return options.adapt === undefined ? store : options.adapt(store);
    },
  });
  return { code, stdout: stdout.text, stderr: stderr.text, openedTables };
}
