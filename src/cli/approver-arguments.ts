import * as z from 'zod';

/** `approvers enrol|revoke|check`: the approvers' devices on the bot's IAM user, by command. */
export type ApproverCommand =
  | {
      readonly kind: 'approvers enrol';
      readonly member: string;
      readonly name: string;
      readonly showSecret: boolean;
      readonly botUser?: string;
    }
  | {
      readonly kind: 'approvers revoke';
      readonly member: string;
      readonly serial?: string;
      readonly botUser?: string;
    }
  | { readonly kind: 'approvers check'; readonly botUser?: string };

export type ApproverCommandName = ApproverCommand['kind'];

const member = z
  .string({ error: 'is required: the approver’s Slack user ID (U0123ABCD)' })
  .regex(/^[UW][A-Z0-9]{2,}$/, {
    error: 'must be a Slack user ID such as U0123ABCD, not a name or @handle',
  });
const botUser = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM user name (up to 64 letters, digits and +=,.@_-)' })
  .optional();

export const approverSchemas = {
  'approvers enrol': z.object({
    member,
    name: z
      .string({ error: 'is required: a short name for the device, e.g. the approver’s first name' })
      .regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be up to 64 letters, digits and +=,.@_-' }),
    'show-secret': z.boolean().default(false),
    'bot-user': botUser,
  }),
  'approvers revoke': z.object({
    member,
    serial: z
      .string()
      .regex(/^[\w+=/:,.@-]{9,256}$/, { error: 'must be an MFA device serial number or ARN' })
      .optional(),
    'bot-user': botUser,
  }),
  'approvers check': z.object({ 'bot-user': botUser }),
} as const;

const stringOption = { type: 'string' } as const;
export const approverOptions = {
  'approvers enrol': {
    member: stringOption,
    name: stringOption,
    'show-secret': { type: 'boolean' },
    'bot-user': stringOption,
  },
  'approvers revoke': { member: stringOption, serial: stringOption, 'bot-user': stringOption },
  'approvers check': { 'bot-user': stringOption },
} as const;

/** The validated options as the command runner takes them. */
export function approverCommandOf(
  name: ApproverCommandName,
  values: z.infer<(typeof approverSchemas)[ApproverCommandName]>,
): ApproverCommand {
  const bot = values['bot-user'] === undefined ? {} : { botUser: values['bot-user'] };
  if (name === 'approvers enrol') {
    const v = values as z.infer<(typeof approverSchemas)['approvers enrol']>;
    return { kind: name, member: v.member, name: v.name, showSecret: v['show-secret'], ...bot };
  }
  if (name === 'approvers revoke') {
    const v = values as z.infer<(typeof approverSchemas)['approvers revoke']>;
    return { kind: name, member: v.member, ...(v.serial === undefined ? {} : { serial: v.serial }), ...bot };
  }
  return { kind: name, ...bot };
}
