import type { z } from 'zod';
import { APPROVALS_CHANNEL, castDirectory } from '../cast.js';
import { personas } from '../personas.js';
import type { Sandbox } from '../sandbox.js';
import { authenticators, iamAccount } from './account-view.js';
import {
  type Answer,
  blockAction,
  closeView,
  type InteractionContext,
  openHome,
  slashCommand,
  submitView,
} from './interactions.js';
import type { AppManifest } from './manifest.js';
import type { Notices } from './notices.js';
import { apiLog, personaView } from './persona-view.js';
import {
  actionBody,
  closeBody,
  commandBody,
  fileQuery,
  homeBody,
  stateQuery,
  submitBody,
} from './schemas.js';

/** The page's JSON API: `METHOD /path` → handler. Every input is checked with a schema first. */
export type ApiRoute = (request: { body: unknown; query: Record<string, string> }) => Promise<Answer>;

export interface ApiContext {
  readonly sandbox: Sandbox;
  readonly manifest: AppManifest;
  readonly notices: Notices;
  readonly version: () => number;
  /** Something the page shows changed outside the Slack stand-in (notices, a reset). */
  readonly changed: () => void;
}

const channels = (castDirectory().channels ?? []).map(({ id, name }) => ({ id, name }));

function validated<Schema extends z.ZodType>(
  schema: Schema,
  handle: (input: z.infer<Schema>) => Promise<Answer>,
  from: 'body' | 'query' = 'body',
): ApiRoute {
  return async (request) => {
    const parsed = schema.safeParse(request[from]);
    if (!parsed.success)
      return { status: 400, body: { error: 'invalid request', issues: parsed.error.issues } };
    return handle(parsed.data);
  };
}

export function apiRoutes(ctx: ApiContext): Record<string, ApiRoute> {
  const { sandbox, notices } = ctx;
  const interactions: InteractionContext = { sandbox, manifest: ctx.manifest, notices };
  let resetting: Promise<void> | undefined;
  /** How many resets so far: view ids start again after one, so the page keys what it keeps by both. */
  let generation = 0;

  /** Runs an interaction unless a reset is under way; the driver's refusals become 409 answers. */
  const interaction =
    <T>(handle: (context: InteractionContext, input: T) => Promise<Answer>) =>
    async (input: T): Promise<Answer> => {
      if (resetting !== undefined) return { status: 503, body: { error: 'The sandbox is being reset.' } };
      try {
        return await handle(interactions, input);
      } catch (error) {
        // The driver refuses what Slack's client would never send (a required field left empty,
        // a view no longer on screen): the page shows why.
        return { status: 409, body: { error: error instanceof Error ? error.message : String(error) } };
      } finally {
        ctx.changed();
      }
    };

  const reset = async (): Promise<Answer> => {
    resetting ??= sandbox.reset().finally(() => {
      resetting = undefined;
    });
    await resetting;
    generation += 1;
    notices.clear();
    ctx.changed();
    return { status: 200, body: { ok: true } };
  };

  return {
    'GET /api/cast': async () => ({
      status: 200,
      body: {
        appName: ctx.manifest.appName,
        commands: ctx.manifest.commands,
        messagesTabReadOnly: ctx.manifest.messagesTabReadOnly,
        personas,
        channels,
        approvalsChannel: APPROVALS_CHANNEL,
        botUserId: sandbox.slack.identity.botUserId,
        configFilePath: sandbox.configFilePath,
      },
    }),
    'GET /api/state': validated(
      stateQuery,
      async ({ as }) => {
        const view = personaView(sandbox.slack, { userId: as, channels });
        const troubles = Object.fromEntries(
          view.modal.flatMap((layer) => {
            const trouble = notices.troubleOf(layer.id);
            return trouble === undefined ? [] : [[layer.id, trouble]];
          }),
        );
        return {
          status: 200,
          body: {
            version: ctx.version(),
            generation,
            ...view,
            notices: notices.of(as),
            troubles,
            apiLog: apiLog(sandbox.slack),
          },
        };
      },
      'query',
    ),
    'GET /api/authenticator': async () => ({
      status: 200,
      body: { now: sandbox.aws.state.clock.now(), entries: authenticators(sandbox.aws, sandbox.botUser) },
    }),
    'GET /api/iam': async () => ({ status: 200, body: { users: iamAccount(sandbox.aws) } }),
    'GET /api/audit': async () => ({ status: 200, body: { events: await sandbox.audit.events() } }),
    'POST /api/audit/verify': async () => ({ status: 200, body: { ...(await sandbox.audit.verify()) } }),
    'GET /api/bot-log': async () => ({ status: 200, body: { lines: sandbox.botLog.latest() } }),
    'GET /api/file': validated(
      fileQuery,
      async ({ id }) => {
        const file = sandbox.slack.files().find((candidate) => candidate.id === id);
        if (file === undefined) return { status: 404, body: { error: 'no such file' } };
        return { status: 200, body: { filename: file.filename, content: file.content } };
      },
      'query',
    ),
    'POST /api/command': validated(commandBody, interaction(slashCommand)),
    'POST /api/action': validated(actionBody, interaction(blockAction)),
    'POST /api/submit': validated(submitBody, interaction(submitView)),
    'POST /api/close': validated(closeBody, interaction(closeView)),
    'POST /api/home': validated(homeBody, interaction(openHome)),
    'POST /api/reset': reset,
  };
}
