import type { webApi } from '@slack/bolt';
import type { HomeModel, HomePublisher } from '../services/home.js';
import { slackApiError } from './errors.js';
import { homeView } from './views/home.js';

/** The App Home tab on Slack: views.publish of the member's Home, rendered from the model. */
export function createHomePublisher(client: {
  views: Pick<webApi.WebClient['views'], 'publish'>;
}): HomePublisher {
  return {
    async publish(home: HomeModel): Promise<void> {
      try {
        await client.views.publish({ user_id: home.slackUserId, view: homeView(home) });
      } catch (error) {
        throw slackApiError('views.publish', error);
      }
    },
  };
}
