import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { type RunningBot, startBot } from '../src/bot.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/logging.js';
import type { FakeSlack } from './fake-slack/index.js';

/**
 * The bot itself, started with `startBot` as `npm start` starts it, from an environment made here
 * and nowhere else: the Slack stand-in's token and URL, a signing secret of this run, HTTP mode on
 * 127.0.0.1, and the demo config file. Nothing of the caller's own `SLACK_*` settings is read.
 * (AWS reaches it through the SDK's standard environment, which isolation.ts takes over.)
 */
export interface DemoBotOptions {
  readonly slack: FakeSlack;
  readonly signingSecret: string;
  readonly configFilePath: string;
  readonly region: string;
  readonly log: BotLog;
}

export interface DemoBot {
  /** Where Slack sends the bot's events and interactions: `http://127.0.0.1:PORT/slack/events`. */
  readonly eventsUrl: string;
  stop(): Promise<void>;
}

export function demoBotEnvironment(options: Omit<DemoBotOptions, 'log'>): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: options.slack.identity.botToken,
    SLACK_SIGNING_SECRET: options.signingSecret,
    SLACK_API_URL: options.slack.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    AWS_REGION: options.region,
    MFA_RESET_CONFIG: options.configFilePath,
    LOG_LEVEL: 'info',
  };
}

export async function startDemoBot(options: DemoBotOptions): Promise<DemoBot> {
  const config = loadConfig({ env: demoBotEnvironment(options) });
  const bot: RunningBot = await startBot({
    config,
    logger: createLogger({ level: config.logLevel, destination: options.log.stream }),
  });
  return {
    eventsUrl: `http://127.0.0.1:${bot.port}/slack/events`,
    stop: () => bot.stop(),
  };
}

/** The bot's JSON log: written to a file, the latest lines also kept for the page to show. */
export class BotLog {
  readonly stream: Writable;
  private readonly lines: string[] = [];
  private readonly file;

  constructor(
    readonly path: string,
    private readonly keep = 300,
  ) {
    this.file = createWriteStream(path, { flags: 'a' });
    this.stream = new Writable({
      write: (chunk, _encoding, done) => {
        const text = String(chunk);
        this.file.write(text);
        for (const line of text.split('\n')) if (line !== '') this.lines.push(line);
        if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
        done();
      },
    });
  }

  /** The latest lines, oldest first. */
  latest(): string[] {
    return [...this.lines];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()));
  }
}
