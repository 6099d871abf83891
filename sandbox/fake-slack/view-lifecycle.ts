import { isObject } from './block-rules.js';
import { closeView, replaceView, stackView } from './methods/views.js';
import { modalViewProblems } from './view-rules.js';
import { MAX_VIEW_STACK, type Workspace } from './workspace.js';

/** What Slack did with the app's answer to a view_submission; `problems` say why it showed an error. */
export interface SubmissionOutcome {
  accepted: boolean;
  problems: string[];
}

/**
 * Applies the app's ack of a view_submission the way Slack does: an empty ack closes the submitted view,
 * `errors` keeps it open with messages under input blocks, `update` replaces it, `push` stacks a new view
 * (at most 3), `clear` closes the whole modal. A malformed answer leaves the modal as it was; in Slack the
 * user sees "We had some trouble connecting".
 */
export function applySubmissionAck(workspace: Workspace, viewId: string, ack: unknown): SubmissionOutcome {
  const fakeView = workspace.views.get(viewId);
  if (fakeView === undefined) return { accepted: false, problems: [`unknown view ${viewId}`] };
  if (ack === undefined || ack === '' || (isObject(ack) && ack.response_action === undefined)) {
    closeView(workspace, viewId, { wholeModal: false });
    return { accepted: true, problems: [] };
  }
  if (!isObject(ack)) return { accepted: false, problems: ['the answer to a view_submission must be JSON'] };
  switch (ack.response_action) {
    case 'clear':
      closeView(workspace, viewId, { wholeModal: true });
      return { accepted: true, problems: [] };
    case 'errors': {
      const errors = isObject(ack.errors) ? ack.errors : {};
      const inputBlockIds = new Set(
        fakeView.view.blocks.filter((block) => block.type === 'input').map((block) => block.block_id),
      );
      const strayKeys = Object.keys(errors).filter((blockId) => !inputBlockIds.has(blockId));
      if (Object.keys(errors).length === 0)
        return { accepted: false, problems: ['errors must not be empty'] };
      if (strayKeys.length > 0) {
        return {
          accepted: false,
          problems: strayKeys.map((blockId) => `no input block with block_id ${blockId}`),
        };
      }
      fakeView.lastErrors = Object.fromEntries(
        Object.entries(errors).map(([key, value]) => [key, String(value)]),
      );
      return { accepted: true, problems: [] };
    }
    case 'update':
    case 'push': {
      const problems = modalViewProblems(ack.view);
      if (problems.length > 0 || !isObject(ack.view)) return { accepted: false, problems };
      if (ack.response_action === 'update') {
        replaceView(workspace, fakeView, ack.view);
        return { accepted: true, problems: [] };
      }
      const stack = workspace.stackOf(viewId) ?? [];
      if (stack.length >= MAX_VIEW_STACK) return { accepted: false, problems: ['push_limit_reached'] };
      stackView(workspace, ack.view, { userId: fakeView.userId, stack });
      return { accepted: true, problems: [] };
    }
    default:
      return { accepted: false, problems: [`unknown response_action ${String(ack.response_action)}`] };
  }
}
