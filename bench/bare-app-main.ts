import { startBareBoltApp } from '../test/harness/slack/bare-bolt-app.js';

/**
 * The bare Bolt app of the test harness as a process of its own, started like the bot's entry point
 * (configuration from the environment, one start line on stdout), so that start-up time and memory
 * can be compared process to process. The benchmark transpiles this file and bare-bolt-app.ts to
 * plain JavaScript first, so neither process pays for a TypeScript loader.
 */
const env = process.env;
const app = await startBareBoltApp({
  slackApiUrl: env.SLACK_API_URL ?? '',
  botToken: env.SLACK_BOT_TOKEN ?? '',
  signingSecret: env.SLACK_SIGNING_SECRET ?? '',
});
const port = Number(new URL(app.eventsUrl).port);
process.stdout.write(`${JSON.stringify({ msg: 'bare bolt app started', port })}\n`);

process.once('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
