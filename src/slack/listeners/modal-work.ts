import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import type { ResetError } from '../../domain/errors.js';
import type { Logger } from '../../services/ports.js';
import { slackApiError } from '../errors.js';
import { logFailure } from '../failure-log.js';
import { errorText, loadingModal, messageModal } from '../views/index.js';

export interface ModalWork {
  readonly client: App['client'];
  readonly triggerId: string;
  readonly logger: Logger;
  /** `open` a new modal, or `push` one over the modal the interaction came from. */
  readonly mode: 'open' | 'push';
  readonly title: string;
  readonly loadingText: string;
  /** What the modal shows once ready; a failure is shown as its coded error's words. */
  readonly work: () => Promise<View>;
  /** Told of the work's failure (after it is logged), e.g. to answer in the channel as well. */
  readonly onFailure?: (coded: ResetError) => Promise<void>;
}

/**
 * Opens (or pushes) a loading view at once, within the trigger's 3 s, then runs the work and puts
 * its view (or the words of its error) in place with views.update. The work starts only after the
 * view is on its way, so nothing slow stands between the click and the modal. Returns the view id,
 * or undefined when Slack would not open the modal.
 */
export async function openThenFill(input: ModalWork): Promise<string | undefined> {
  const loading = loadingModal({ title: input.title, text: input.loadingText });
  const method = input.mode === 'open' ? 'views.open' : 'views.push';
  const opening =
    input.mode === 'open'
      ? input.client.views.open({ trigger_id: input.triggerId, view: loading })
      : input.client.views.push({ trigger_id: input.triggerId, view: loading });
  const working = input.work();
  // Handled below; this keeps a rejection from being reported as unhandled while the modal opens.
  working.catch(() => undefined);
  let viewId: string | undefined;
  try {
    viewId = (await opening).view?.id;
  } catch (error) {
    logFailure(input.logger, slackApiError(method, error), {});
  }
  let view: View;
  try {
    view = await working;
  } catch (error) {
    const coded = logFailure(input.logger, error, {});
    view = messageModal({ title: input.title, text: errorText(coded.code, coded.details) });
    await input
      .onFailure?.(coded)
      .catch((answerError: unknown) => logFailure(input.logger, answerError, { step: 'answer the failure' }));
  }
  if (viewId === undefined) return undefined;
  await input.client.views
    .update({ view_id: viewId, view })
    .catch((error: unknown) => logFailure(input.logger, slackApiError('views.update', error), {}));
  return viewId;
}
