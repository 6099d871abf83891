/**
 * How every message and doc tells a person to run the bot's command line: from a checkout of the
 * bot, through its npm script, which can only run the checkout's own code. Never `npx
 * mfa-reset-bot`, which outside the checkout would fetch whatever the registry holds under that
 * name. (In the bot's image the same command line is on PATH as `mfa-reset-bot`.)
 */
export const CLI_COMMAND = 'npm run cli --';

/** `npm run cli -- audit verify`, for `cliCommand('audit verify')`. */
export function cliCommand(args: string): string {
  return `${CLI_COMMAND} ${args}`;
}
