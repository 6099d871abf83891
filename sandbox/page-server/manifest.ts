import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';

/**
 * What the Slack app manifest declares that the page needs: the slash commands people can type
 * (with their usage hints) and the bot's name. Read from manifest.yml, so a command added there
 * works in the sandbox without touching it.
 */
const manifestSchema = z.looseObject({
  display_information: z.looseObject({ name: z.string() }),
  features: z.looseObject({
    app_home: z.looseObject({ messages_tab_read_only_enabled: z.boolean().default(false) }).default({
      messages_tab_read_only_enabled: false,
    }),
    slash_commands: z
      .array(
        z.looseObject({
          command: z.string().regex(/^\/[\w-]+$/),
          description: z.string().default(''),
          usage_hint: z.string().default(''),
          should_escape: z.boolean().default(false),
        }),
      )
      .default([]),
  }),
});

export interface AppManifest {
  readonly appName: string;
  /** Members cannot write in the app's Messages tab (slash commands included). */
  readonly messagesTabReadOnly: boolean;
  readonly commands: ReadonlyArray<{
    command: string;
    description: string;
    usageHint: string;
    /** Slack turns a typed `@name` into `<@ID|name>` in the command's text. */
    shouldEscape: boolean;
  }>;
}

const manifestPath = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'manifest.yml');

export async function readAppManifest(path: string = manifestPath): Promise<AppManifest> {
  const manifest = manifestSchema.parse(parseYaml(await readFile(path, 'utf8')));
  return {
    appName: manifest.display_information.name,
    messagesTabReadOnly: manifest.features.app_home.messages_tab_read_only_enabled,
    commands: manifest.features.slash_commands.map((c) => ({
      command: c.command,
      description: c.description,
      usageHint: c.usage_hint,
      shouldEscape: c.should_escape,
    })),
  };
}

/** `/mfa-reset help` → the command and its text, as Slack splits what a member typed. */
export function splitCommand(typed: string): { command: string; text: string } | undefined {
  const match = /^\s*(\/[\w-]+)(?:\s+([\s\S]*))?$/.exec(typed);
  if (match === null) return undefined;
  return { command: match[1]!, text: (match[2] ?? '').trim() };
}

/**
 * What Slack sends for a command with `should_escape`: each `@name` of a member becomes
 * `<@ID|name>`; a name nobody has stays as typed.
 */
export function escapeMentions(text: string, idOf: (name: string) => string | undefined): string {
  return text.replace(/(^|\s)@([\w.-]+)/g, (whole, before: string, name: string) => {
    const id = idOf(name);
    return id === undefined ? whole : `${before}<@${id}|${name}>`;
  });
}
