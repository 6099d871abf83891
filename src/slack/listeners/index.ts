import type { App } from '@slack/bolt';
import type { ListenerContext } from '../context.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerReplayGuard } from './replays.js';
import { register as registerViews } from './views/index.js';

export function registerListeners(app: App, ctx: ListenerContext): void {
  // First: a replayed delivery must reach no listener.
  registerReplayGuard(app, ctx);
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerEvents(app, ctx);
}
