import { readFile } from 'node:fs/promises';
import { type AccountTrails, openAccountTrails, openChainAnchors } from '../aws/index.js';
import type { AnchorsConfig } from '../config/config-file-schema.js';
import type { MemberAccount } from '../domain/accounts.js';
import { csvHeader, csvLine, jsonLine } from '../domain/audit-export.js';
import { isResetError } from '../domain/errors.js';
import {
  createDynamoStore,
  type DynamoStore,
  GroupCommit,
  MAX_PAGE_SIZE,
  openAuditTable,
  silentLogger,
} from '../store/index.js';
import { VERSION } from '../version.js';
import type { ApproverCommand } from './approver-arguments.js';
import { type ApproversRunOptions, isApproverCommand, runApprovers } from './approvers-run.js';
import {
  type ExportFormat,
  type ExportSelection,
  type ParsedCommand,
  parseCommand,
  UsageError,
  usageHint,
} from './arguments.js';
import { CloudTrailUnreadable, reportCloudTrailUnreadable, reportUnaccounted } from './cloudtrail-command.js';
import { resolveConfigNames } from './config-names.js';
import { type TextOutput, write } from './output.js';
import { exitCodes, generalUsage, PROGRAM, versionFlag } from './usage.js';
import { type AnchorReader, reportAnchorsUnreadable, verify } from './verify-command.js';

/** What the CLI needs of the store, and `close` when the store opened a connection of its own. */
export type AuditAdmin = Pick<
  DynamoStore,
  'tableName' | 'createTable' | 'queryAudit' | 'getRequest' | 'verifyAuditChain' | 'hashesAt'
> & { close?(): void };

export interface CliOptions extends ApproversRunOptions {
  /** The arguments after the program name. */
  readonly argv: readonly string[];
  /** Builds the store for a table; by default from the SDK's standard configuration. */
  readonly openStore?: (options: { tableName: string }) => AuditAdmin;
  /**
   * Builds the CloudTrail readers of the home account and of each member account (through its
   * reader role); by default from the SDK's standard configuration.
   */
  readonly openAccountTrails?: (options: {
    region: string;
    accounts: readonly MemberAccount[];
  }) => Promise<AccountTrails>;
  /** Builds the reader of the chain's anchors (`audit.anchors`); by default over S3 with the SDK's standard configuration. */
  readonly openAnchors?: (options: {
    anchors: AnchorsConfig;
    tableName: string;
  }) => Promise<AnchorReader | undefined>;
}

/** Runs one command and returns its exit code; never exits the process itself. */
export async function runCli(options: CliOptions): Promise<number> {
  const { stdout, stderr } = options;
  let store: AuditAdmin | undefined;
  let anchors: AnchorReader | undefined;
  try {
    if (options.argv[0] === versionFlag) {
      await write(stdout, `${VERSION}\n`);
      return exitCodes.ok;
    }
    const command = parseCommand(options.argv);
    if (command.kind === 'help') {
      await write(stdout, `${command.text || generalUsage}\n`);
      return exitCodes.ok;
    }
    if (isApproverCommand(command)) return await runApprovers(command, options);
    const names = await resolveConfigNames({
      ...(command.table === undefined ? {} : { flag: command.table }),
      env: options.env,
      readFile: options.readFile ?? ((path) => readFile(path, 'utf8')),
    });
    store = (options.openStore ?? openOwnStore)({ tableName: names.table });
    if (command.kind === 'audit verify' && names.anchors !== undefined) {
      anchors = await (options.openAnchors ?? openOwnAnchors)({
        anchors: names.anchors,
        tableName: names.table,
      });
    }
    return await execute(command, {
      store,
      anchors,
      stdout,
      stderr,
      openAccountTrails:
        options.openAccountTrails ??
        ((o) => openAccountTrails({ region: o.region, logger: silentLogger }, o.accounts)),
      botUserName: names.botUserName,
      accounts: names.accounts,
    });
  } catch (error) {
    return await reportFailure(error, stderr);
  } finally {
    store?.close?.();
    anchors?.destroy?.();
  }
}

/** The region comes from the SDK's own chain, as the table's does. */
function openOwnAnchors(options: {
  anchors: AnchorsConfig;
  tableName: string;
}): Promise<AnchorReader | undefined> {
  return openChainAnchors({ anchors: options.anchors, table: options.tableName });
}

/** The command line is a process of its own: its own connection to the table, its own chain writer. */
function openOwnStore(options: { tableName: string }): AuditAdmin {
  const table = openAuditTable(options);
  const store = createDynamoStore({ table, chainWriter: new GroupCommit({ table }) });
  return { ...store, close: () => table.close() };
}

async function execute(
  command: Exclude<ParsedCommand, { kind: 'help' } | ApproverCommand>,
  context: {
    store: AuditAdmin;
    anchors: AnchorReader | undefined;
    stdout: TextOutput;
    stderr: TextOutput;
    openAccountTrails: NonNullable<CliOptions['openAccountTrails']>;
    /** The bot's IAM user: only its MFA sessions' resets can be accounted for in the home account. */
    botUserName: string;
    /** The member accounts of the config file, each checked too. */
    accounts: readonly MemberAccount[];
  },
): Promise<number> {
  const { store, stdout, stderr } = context;
  switch (command.kind) {
    case 'table create': {
      const { created } = await store.createTable();
      await write(
        stdout,
        `Table ${store.tableName} ${created ? 'created' : 'already exists'}; it is active.\n`,
      );
      return exitCodes.ok;
    }
    case 'audit export': {
      const count = await exportEvents({
        store,
        selection: command.selection,
        format: command.format,
        stdout,
      });
      await write(stderr, `Exported ${count} audit events from ${store.tableName}.\n`);
      return exitCodes.ok;
    }
    case 'audit verify':
      return await verify(store, { stdout, stderr, anchors: command.anchors, outside: context.anchors });
    case 'audit cloudtrail': {
      const trails = await context.openAccountTrails({ region: command.region, accounts: context.accounts });
      try {
        return await reportUnaccounted({
          store,
          accountTrail: trails.home,
          members: trails.members,
          stepUp: { userName: context.botUserName },
          days: command.days,
          stdout,
          stderr,
          write,
        });
      } finally {
        trails.destroy();
      }
    }
  }
}

/** Follows the cursor to the end, writing each page as it arrives rather than holding the trail. */
async function exportEvents(options: {
  store: AuditAdmin;
  selection: ExportSelection;
  format: ExportFormat;
  stdout: TextOutput;
}): Promise<number> {
  const line = options.format === 'csv' ? csvLine : jsonLine;
  if (options.format === 'csv') await write(options.stdout, csvHeader);
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await options.store.queryAudit({
      ...options.selection,
      limit: MAX_PAGE_SIZE,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const event of page.events) await write(options.stdout, line(event));
    count += page.events.length;
    cursor = page.cursor;
  } while (cursor !== undefined);
  return count;
}

/**
 * The SDK found no region (neither AWS_REGION nor a profile names one) or refused the one given: a
 * configuration problem for the person running the command, not an unreachable table. The SDK
 * says so ("Region is missing", "Region not accepted") before any request; the store wraps it as
 * the cause. Returns the SDK's words, or undefined for any other failure.
 */
function awsRegionProblem(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (/\bregion (is missing|not accepted)/i.test(current.message)) return current.message;
  }
  return undefined;
}

async function reportFailure(error: unknown, stderr: TextOutput): Promise<number> {
  if (isResetError(error) && error.code === 'ANCHORS_UNREADABLE')
    return await reportAnchorsUnreadable(error, stderr);
  if (error instanceof CloudTrailUnreadable) return await reportCloudTrailUnreadable(error, stderr);
  if (error instanceof UsageError) {
    await write(stderr, `${PROGRAM}: ${error.message}\n${usageHint(error.command)}\n`);
    return exitCodes.usage;
  }
  if (isResetError(error) && (error.code === 'CONFIG_INVALID' || error.code === 'INPUT_INVALID')) {
    await write(stderr, `${PROGRAM}: ${error.message}\n`);
    return exitCodes.usage;
  }
  const regionProblem = awsRegionProblem(error);
  if (regionProblem !== undefined) {
    await write(
      stderr,
      `${PROGRAM}: the AWS region is missing or not valid (${regionProblem}): ` +
        'set AWS_REGION to the region of the audit table, e.g. us-east-1.\n',
    );
    return exitCodes.usage;
  }
  const message = isResetError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  const cause =
    error instanceof Error && error.cause instanceof Error ? `\nCause: ${error.cause.message}` : '';
  await write(
    stderr,
    `${PROGRAM}: ${message}${cause}\n` +
      'Check the AWS credentials, AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB, and that the table exists ' +
      `(${PROGRAM} table create).\n`,
  );
  return exitCodes.storeFailed;
}
