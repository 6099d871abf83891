import type { App } from '@slack/bolt';
import type { View } from '@slack/types';
import { ResetError } from '../../domain/errors.js';
import type { Logger } from '../../services/ports.js';
import { slackApiError } from '../errors.js';
import { logFailure } from '../failure-log.js';
import { errorModal, loadingModal } from '../views/index.js';

export interface ModalWork {
  readonly client: App['client'];
  readonly triggerId: string;
  readonly logger: Logger;
  /** `open` a new modal, or `push` one over the modal the interaction came from. */
  readonly mode: 'open' | 'push';
  readonly title: string;
  /** The loading view's words; the request form's look-up by default. */
  readonly loadingText?: string;
  /** What the modal shows once ready; a failure is shown as its coded error's words. */
  readonly work: () => Promise<View>;
  /**
   * Told when the member would otherwise be left without an answer (after it is logged): the work
   * failed, or Slack would not open the modal or put the work's view in it. E.g. to answer in the
   * channel as well.
   */
  readonly onFailure?: (coded: ResetError) => Promise<void>;
}

/**
 * Opens (or pushes) a loading view at once, within the trigger's 3 s, then runs the work and puts
 * its view (or the words of its error) in place with views.update. The work starts only after the
 * view is on its way, so nothing slow stands between the click and the modal. Returns the view id,
 * or undefined when Slack would not open the modal.
 */
export async function openThenFill(input: ModalWork): Promise<string | undefined> {
  const loading = loadingModal({
    title: input.title,
    ...(input.loadingText === undefined ? {} : { text: input.loadingText }),
  });
  const method = input.mode === 'open' ? 'views.open' : 'views.push';
  const opening =
    input.mode === 'open'
      ? input.client.views.open({ trigger_id: input.triggerId, view: loading })
      : input.client.views.push({ trigger_id: input.triggerId, view: loading });
  const working = input.work();
  // Handled below; this keeps a rejection from being reported as unhandled while the modal opens.
  working.catch(() => undefined);
  const tell = (coded: ResetError) =>
    input
      .onFailure?.(coded)
      .catch((answerError: unknown) => logFailure(input.logger, answerError, { step: 'answer the failure' }));
  let viewId: string | undefined;
  let notOpened: ResetError | undefined;
  try {
    viewId = (await opening).view?.id;
  } catch (error) {
    notOpened = logFailure(input.logger, slackApiError(method, error), {});
  }
  let view: View;
  try {
    view = await working;
  } catch (error) {
    const coded = logFailure(input.logger, error, {});
    await tell(coded);
    if (viewId !== undefined)
      await fill(input, viewId, errorModal(coded.code, { title: input.title, details: coded.details }));
    return viewId;
  }
  if (viewId === undefined) {
    await tell(notOpened ?? new ResetError('SLACK_API_ERROR', `${method} gave no view id.`));
    return undefined;
  }
  const filled = await fill(input, viewId, view);
  if (filled !== undefined) await tell(filled);
  return viewId;
}

/** views.update; a failure is logged and returned. */
async function fill(input: ModalWork, viewId: string, view: View): Promise<ResetError | undefined> {
  try {
    await input.client.views.update({ view_id: viewId, view });
    return undefined;
  } catch (error) {
    return logFailure(input.logger, slackApiError('views.update', error), {});
  }
}
