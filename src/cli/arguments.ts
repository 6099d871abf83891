import { parseArgs } from 'node:util';
import * as z from 'zod';
import { parseIamUserRef } from '../domain/accounts.js';
import type { AuditQuery } from '../services/ports.js';
import {
  type ApproverCommand,
  type ApproverCommandName,
  approverCommandOf,
  approverOptions,
  approverSchemas,
} from './approver-arguments.js';
import { describeParseError } from './parse-errors.js';
import { type CommandName, commandUsage, PROGRAM } from './usage.js';

export type ExportFormat = 'jsonl' | 'csv';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Which events `audit export` selects: an AuditQuery without its paging. */
export type ExportSelection = DistributiveOmit<AuditQuery, 'limit' | 'cursor'>;

export type ParsedCommand =
  | { readonly kind: 'help'; readonly text: string }
  | ApproverCommand
  | { readonly kind: 'table create'; readonly table?: string }
  | {
      readonly kind: 'audit export';
      readonly table?: string;
      readonly selection: ExportSelection;
      readonly format: ExportFormat;
    }
  | {
      readonly kind: 'audit verify';
      readonly table?: string;
      /** Positions of the chain noted down elsewhere (`--anchor SEQ:HASHPREFIX`, repeatable). */
      readonly anchors: readonly { readonly seq: number; readonly hashPrefix: string }[];
    }
  | {
      readonly kind: 'audit cloudtrail';
      readonly table?: string;
      readonly days: number;
      readonly region: string;
    };

/** Input the person running the command can fix; `command` says which usage to point them to. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
  }
}

export const tableNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, {
  error: 'must be a DynamoDB table name: 3 to 255 letters, digits, _ . or -',
});

function timeOption(bound: 'from' | 'to') {
  return z.string().transform((value, context) => {
    if (z.iso.date().safeParse(value).success) {
      return `${value}T${bound === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
    }
    if (z.iso.datetime({ offset: true }).safeParse(value).success) return new Date(value).toISOString();
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not a day (2026-11-27) or an ISO-8601 time with its zone (2026-11-27T10:00:00Z)`,
    });
    return z.NEVER;
  });
}

const exportSchema = z
  .object({
    table: tableNameSchema.optional(),
    request: z.string().min(1, { error: 'needs a request ID' }).optional(),
    user: z
      .string()
      .refine((text) => parseIamUserRef(text) !== undefined, {
        error: 'must be an IAM user name (up to 64 of letters, digits, +=,.@_-), or ACCOUNT_ID:name',
      })
      .optional(),
    actor: z
      .string()
      .regex(/^[UW][A-Z0-9]{2,}$/, {
        error: 'must be a Slack user ID such as U0123ABCD, not a name or @handle',
      })
      .optional(),
    from: timeOption('from').optional(),
    to: timeOption('to').optional(),
    format: z.enum(['jsonl', 'csv'], { error: 'must be jsonl or csv' }).default('jsonl'),
  })
  .refine((o) => [o.request, o.user, o.actor].filter((v) => v !== undefined).length <= 1, {
    error: 'Give at most one of --request, --user and --actor.',
  })
  .refine((o) => o.from === undefined || o.to === undefined || o.from <= o.to, {
    error: '--from is after --to: the time range is empty.',
  });

const tableOnlySchema = z.object({ table: tableNameSchema.optional() });

/** `SEQ:HASHPREFIX`, as the approvals channel and exports show it: an event number and 8 to 64 hex characters of its hash. */
const anchorSchema = z.string().transform((value, context) => {
  const match = /^(\d{1,12}):([0-9a-fA-F]{8,64})$/.exec(value.trim());
  const seq = match === null ? 0 : Number(match[1]);
  if (match === null || seq < 1) {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not SEQ:HASHPREFIX (an event number from 1, a colon, and at least 8 hex characters of its hash, e.g. 42:3f9c0a7be21d4c55)`,
    });
    return z.NEVER;
  }
  return { seq, hashPrefix: match[2]!.toLowerCase() };
});

const verifySchema = z.object({
  table: tableNameSchema.optional(),
  anchor: z.array(anchorSchema).default([]),
});

/** CloudTrail's event history keeps 90 days; IAM's events are looked up in us-east-1. */
const cloudTrailSchema = z.object({
  table: tableNameSchema.optional(),
  days: z
    .string({ error: 'is required: the number of days to look back (1 to 90)' })
    .regex(/^\d{1,2}$/, { error: 'must be a number of days from 1 to 90' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { error: 'must be a number of days from 1 to 90' })
        .max(90, { error: 'must be a number of days from 1 to 90' }),
    ),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as us-east-1' })
    .default('us-east-1'),
});

const stringOption = { type: 'string' } as const;
const optionsOf = {
  'table create': { table: stringOption },
  'audit export': {
    table: stringOption,
    request: stringOption,
    user: stringOption,
    actor: stringOption,
    from: stringOption,
    to: stringOption,
    format: stringOption,
  },
  'audit verify': { table: stringOption, anchor: { type: 'string', multiple: true } },
  'audit cloudtrail': { table: stringOption, days: stringOption, region: stringOption },
  ...approverOptions,
} as const;

function isApproverCommand(name: CommandName): name is ApproverCommandName {
  return Object.hasOwn(approverSchemas, name);
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandUsage, name);
}

/** The command words before the first option: `audit export --from …` → ['audit', 'export']. */
function leadingWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of argv.slice(0, 2)) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words;
}

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const words = leadingWords(argv);
  const name = words.join(' ');
  if (argv.includes('--help') || argv.includes('-h') || words[0] === 'help') {
    return { kind: 'help', text: isCommandName(name) ? commandUsage[name] : '' };
  }
  if (words.length === 0) throw new UsageError('No command given.');
  if (!isCommandName(name)) {
    const known = Object.keys(commandUsage).join(', ');
    throw new UsageError(`Unknown command "${name}". The commands are: ${known}.`);
  }

  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(2),
      options: optionsOf[name],
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(describeParseError(error), name);
  }
  if (isApproverCommand(name)) {
    return approverCommandOf(
      name,
      validate(approverSchemas[name] as unknown as z.ZodType<never>, values, name),
    );
  }
  if (name === 'audit verify') {
    const { table, anchor } = validate(verifySchema, values, name);
    return { kind: name, ...(table === undefined ? {} : { table }), anchors: anchor };
  }
  if (name === 'audit cloudtrail') {
    const { table, days, region } = validate(cloudTrailSchema, values, name);
    return { kind: name, days, region, ...(table === undefined ? {} : { table }) };
  }
  if (name !== 'audit export') {
    const { table } = validate(tableOnlySchema, values, name);
    return { kind: name, ...(table === undefined ? {} : { table }) };
  }
  const options = validate(exportSchema, values, name);
  return {
    kind: name,
    ...(options.table === undefined ? {} : { table: options.table }),
    selection: selectionOf(options),
    format: options.format,
  };
}

function validate<T>(schema: z.ZodType<T>, values: Record<string, unknown>, command: CommandName): T {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    issue.path.length > 0 ? `--${String(issue.path[0])} ${issue.message}` : issue.message,
  );
  throw new UsageError(problems.join('\n'), command);
}

function selectionOf(options: z.infer<typeof exportSchema>): ExportSelection {
  const bounds = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  if (options.request !== undefined) return { by: 'request', requestId: options.request, ...bounds };
  if (options.user !== undefined) return { by: 'target', iamUserName: options.user, ...bounds };
  if (options.actor !== undefined) return { by: 'actor', slackUserId: options.actor, ...bounds };
  return { by: 'time', ...bounds };
}

export function usageHint(command?: CommandName): string {
  return command === undefined
    ? `Run \`${PROGRAM} --help\` for the commands.`
    : `Run \`${PROGRAM} ${command} --help\` for its options.`;
}
