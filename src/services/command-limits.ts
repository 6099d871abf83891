import { CommandRateLimit } from '../domain/command-rate.js';
import { ResetError } from '../domain/errors.js';
import { createAuditEvents } from './audit-events.js';
import type { Clock, IdGenerator, Logger, Store } from './ports.js';
import type { ResetRules } from './service-deps.js';

export interface CommandLimits {
  /**
   * Admits one command of this member, or throws COMMAND_RATE_LIMITED (with `retryAfterSeconds`).
   * The first refusal of a window is audited (COMMANDS_LIMITED) before it is thrown.
   */
  admit(slackUserId: string): Promise<void>;
}

/** The per-member command limit of this bot process (`requests.commandsPerMinute`). */
export function createCommandLimits(deps: {
  store: Pick<Store, 'appendAudit'>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  rules: Pick<ResetRules, 'commandsPerMinute'>;
}): CommandLimits {
  const limit = new CommandRateLimit(deps.rules.commandsPerMinute);
  const events = createAuditEvents(deps);
  return {
    async admit(slackUserId) {
      const admission = limit.admit(slackUserId, deps.clock.now());
      if (admission.admitted) return;
      if (admission.firstRefusal) {
        await deps.store.appendAudit([
          events.commandsLimited(slackUserId, { perMinute: deps.rules.commandsPerMinute }),
        ]);
      }
      throw new ResetError(
        'COMMAND_RATE_LIMITED',
        `${slackUserId} sent more than ${deps.rules.commandsPerMinute} commands in a minute`,
        {
          details: { retryAfterSeconds: admission.retryAfterSeconds },
        },
      );
    },
  };
}
