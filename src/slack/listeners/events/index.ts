import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { logFailure } from '../../failure-log.js';
import { homeView } from '../../views/index.js';
import type { HomeOpenedArgs } from '../args.js';

/**
 * App Home: publishes the member's Home by role when they open the tab. If their requests cannot
 * be read, they still get the usage, and the failure is logged.
 */
export function register(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', (args) => appHomeOpened(ctx, args));
}

export async function appHomeOpened(ctx: ListenerContext, { event, client }: HomeOpenedArgs): Promise<void> {
  if (event.tab !== 'home') return;
  const logger = ctx.logger.child({ event: 'app_home_opened', user: event.user });
  let view = homeView();
  try {
    view = homeView(await ctx.home.opened(event.user));
  } catch (error) {
    logFailure(logger, error, {});
  }
  try {
    await client.views.publish({ user_id: event.user, view });
  } catch (error) {
    logFailure(logger, error, {});
  }
}
