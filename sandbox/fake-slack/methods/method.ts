import type { JsonObject } from '../block-rules.js';
import { asErrorLines } from '../block-rules.js';
import type { SlackApiResponse } from '../types.js';
import type { Workspace } from '../workspace.js';

/** One Web API method of the fake: decoded arguments in, Slack's JSON answer out. */
export type MethodHandler = (args: JsonObject, workspace: Workspace) => SlackApiResponse;

export function ok(extra: Record<string, unknown> = {}): SlackApiResponse {
  return { ok: true, ...extra };
}

export function failure(error: string, extra: Record<string, unknown> = {}): SlackApiResponse {
  return { ok: false, error, ...extra };
}

/** Slack's answer to a malformed view or argument: `invalid_arguments` with `[ERROR]` lines. */
export function invalidArguments(problems: readonly string[]): SlackApiResponse {
  return failure('invalid_arguments', { response_metadata: { messages: asErrorLines(problems) } });
}

export function stringArg(args: JsonObject, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
