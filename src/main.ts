#!/usr/bin/env node
import { startBot } from './bot.js';
import { loadConfig } from './config/load.js';
import { isResetError } from './domain/errors.js';

/** Entry point: configuration problems are printed as they are (they say what to set) and exit 1. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`mfa-reset-bot: ${isResetError(error) ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  const starting = startBot({ config });
  // Listening before the start ends: a stop asked for while starting (or just after the start
  // line) stops the bot cleanly once it has started, instead of killing it half-way.
  const shutdown = (signal: string) => {
    process.stderr.write(`mfa-reset-bot: ${signal}, stopping\n`);
    starting
      .then((bot) => bot.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await starting;
}

main().catch((error: unknown) => {
  // One plain line, e.g. "Cannot reach Slack at https://slack.com/api/: ENOTFOUND (SLACK_UNREACHABLE)".
  const said = isResetError(error)
    ? `${error.message} (${error.code})`
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`mfa-reset-bot: failed to start: ${said}\n`);
  process.exit(1);
});
