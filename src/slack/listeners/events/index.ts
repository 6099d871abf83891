import type { App } from '@slack/bolt';
import type { ListenerContext } from '../../context.js';
import { recordFailure } from '../../failures.js';
import { homeView } from '../../views/index.js';

/** App Home: publishes the usage when a member opens the bot's Home tab. */
export function register(app: App, ctx: ListenerContext): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await client.views.publish({ user_id: event.user, view: homeView() });
    } catch (error) {
      recordFailure(ctx.logger.child({ event: 'app_home_opened', user: event.user }), error, {});
    }
  });
}
