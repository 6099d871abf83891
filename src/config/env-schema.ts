import * as z from 'zod';

/**
 * Secrets and endpoints from the environment. AWS credentials and endpoints are deliberately not
 * here: the SDK reads its standard chain and AWS_ENDPOINT_URL_IAM / _STS / _DYNAMODB itself.
 */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ error: 'is not set: set it to the Bot User OAuth Token (xoxb-…) from your Slack app' })
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
    SLACK_APP_TOKEN: optionalText.pipe(
      z
        .string()
        .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
        .optional(),
    ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_URL: optionalText.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
    PORT: optionalText
      .pipe(
        z
          .string()
          .regex(/^\d{1,5}$/, 'must be a TCP port number such as 3000')
          .optional(),
      )
      .transform((port) => (port === undefined ? 3000 : Number(port)))
      .pipe(z.number().max(65_535, 'must be a TCP port number (0–65535)')),
    /** HTTP mode: the address to listen on (default: every interface), e.g. 127.0.0.1 behind a proxy. */
    HOST: optionalText.pipe(
      z
        .string()
        .regex(/^[\w.:-]+$/, 'must be an IP address or host name such as 127.0.0.1')
        .optional(),
    ),
    AWS_REGION: z
      .string({ error: 'is not set: set it to the AWS region of the bot, e.g. us-east-1' })
      .min(1, 'is empty: set it to the AWS region of the bot, e.g. us-east-1'),
    MFA_RESET_CONFIG: z
      .string({ error: 'is not set: set it to the path of the YAML config file' })
      .min(1, 'is empty: set it to the path of the YAML config file'),
    /**
     * The step-up key (the bot's IAM user's access key) when it is not the runtime identity: used
     * for STS GetSessionToken only. Both or neither; not AWS_ACCESS_KEY_ID, which is the runtime's.
     */
    STEP_UP_AWS_ACCESS_KEY_ID: optionalText.pipe(
      z
        .string()
        .regex(/^AKIA[A-Z0-9]{12,124}$/, 'must be an IAM user’s long-term access key ID (AKIA…)')
        .optional(),
    ),
    STEP_UP_AWS_SECRET_ACCESS_KEY: optionalText,
    /** Socket Mode: where the bot writes its health for the container's check (src/health-file.ts). */
    HEALTH_FILE: optionalText,
    LOG_LEVEL: optionalText.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .refine(
    (env) =>
      (env.STEP_UP_AWS_ACCESS_KEY_ID === undefined) === (env.STEP_UP_AWS_SECRET_ACCESS_KEY === undefined),
    {
      when: () => true,
      message:
        'is set without its pair: set both STEP_UP_AWS_ACCESS_KEY_ID and STEP_UP_AWS_SECRET_ACCESS_KEY, or neither',
      path: ['STEP_UP_AWS_ACCESS_KEY_ID'],
    },
  )
  .refine((env) => Boolean(env.SLACK_APP_TOKEN) || Boolean(env.SLACK_SIGNING_SECRET), {
    // Reported together with every other missing variable, so a fresh setup is fixed in one round.
    when: () => true,
    message:
      'is not set: set SLACK_APP_TOKEN (xapp-…) for Socket Mode, or SLACK_SIGNING_SECRET (and PORT) for HTTP mode',
    path: ['SLACK_SIGNING_SECRET'],
  });
