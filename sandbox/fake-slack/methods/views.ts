import { isObject, type JsonObject } from '../block-rules.js';
import { viewOutput } from '../normalize.js';
import type { FakeView, SlackApiResponse } from '../types.js';
import { homeViewProblems, modalViewProblems } from '../view-rules.js';
import { MAX_VIEW_STACK, type Workspace } from '../workspace.js';
import { failure, invalidArguments, type MethodHandler, stringArg } from './method.js';

/** Puts a new view on top of a modal's stack (a new modal when `stack` is undefined). */
export function stackView(
  workspace: Workspace,
  input: JsonObject,
  placement: { userId: string; stack?: string[] },
): FakeView {
  const id = workspace.ids.viewId();
  const stack = placement.stack ?? [];
  const rootViewId = stack[0] ?? id;
  const view = viewOutput(input, {
    id,
    hash: workspace.ids.viewHash(),
    rootViewId,
    previousViewId: stack.at(-1) ?? null,
    identity: workspace.identity,
    ids: workspace.ids,
  });
  const fakeView: FakeView = { id, userId: placement.userId, view, isOpen: true };
  workspace.views.set(id, fakeView);
  workspace.viewStacks.set(rootViewId, [...stack, id]);
  workspace.lastViewId = id;
  return fakeView;
}

/** Replaces a view's content in place, as views.update and `response_action: update` do. */
export function replaceView(workspace: Workspace, fakeView: FakeView, input: JsonObject): void {
  fakeView.view = viewOutput(input, {
    id: fakeView.id,
    hash: workspace.ids.viewHash(),
    rootViewId: fakeView.view.root_view_id,
    previousViewId: fakeView.view.previous_view_id,
    identity: workspace.identity,
    ids: workspace.ids,
  });
  delete fakeView.lastErrors;
  workspace.lastViewId = fakeView.id;
}

/** Closes a view and everything stacked above it; `wholeModal` closes the root too. */
export function closeView(workspace: Workspace, viewId: string, options: { wholeModal: boolean }): void {
  const stack = workspace.stackOf(viewId);
  const position = stack?.indexOf(viewId) ?? -1;
  // Already closed (or never a modal): nothing left to close.
  if (stack === undefined || position < 0) return;
  const from = options.wholeModal ? 0 : position;
  for (const closedId of stack.splice(from)) {
    const closed = workspace.views.get(closedId);
    if (closed !== undefined) closed.isOpen = false;
  }
}

function openOrPush(args: JsonObject, workspace: Workspace, mode: 'open' | 'push'): SlackApiResponse {
  if (args.view === undefined) return invalidArguments(['missing required field: view']);
  const triggerId = stringArg(args, 'trigger_id') ?? stringArg(args, 'interactivity_pointer');
  if (triggerId === undefined) return invalidArguments(['missing required field: trigger_id']);
  // Slack checks the trigger before it looks at the view.
  const triggerProblem = workspace.triggerProblem(triggerId);
  if (triggerProblem !== undefined) return failure(triggerProblem);
  const problems = modalViewProblems(args.view);
  if (problems.length > 0 || !isObject(args.view)) return invalidArguments(problems);
  const trigger = workspace.triggers.get(triggerId)!;
  let stack: string[] | undefined;
  if (mode === 'push') {
    stack = trigger.viewId === undefined ? undefined : workspace.stackOf(trigger.viewId);
    if (stack === undefined || stack.length === 0) {
      return invalidArguments(['trigger_id does not come from an interaction in an open modal']);
    }
    if (stack.length >= MAX_VIEW_STACK) return failure('push_limit_reached');
  }
  trigger.exchanged = true;
  const fakeView = stackView(workspace, args.view, { userId: trigger.userId, ...(stack && { stack }) });
  return { ok: true, view: fakeView.view };
}

const update: MethodHandler = (args, workspace) => {
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  if (viewId === undefined && externalId === undefined) {
    return invalidArguments(['must provide either view_id or external_id']);
  }
  const fakeView =
    viewId !== undefined
      ? workspace.views.get(viewId)
      : [...workspace.views.values()].find((candidate) => candidate.view.external_id === externalId);
  // A modal the user has closed can no longer be updated.
  if (fakeView === undefined || !fakeView.isOpen) return failure('not_found');
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && hash !== fakeView.view.hash) return failure('hash_conflict');
  const problems = modalViewProblems(args.view);
  if (problems.length > 0 || !isObject(args.view)) return invalidArguments(problems);
  replaceView(workspace, fakeView, args.view);
  return { ok: true, view: fakeView.view };
};

const publish: MethodHandler = (args, workspace) => {
  const userId = stringArg(args, 'user_id') ?? '';
  if (!workspace.users.has(userId)) return failure('user_not_found');
  const current = workspace.homeViews.get(userId);
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && current !== undefined && hash !== current.view.hash)
    return failure('hash_conflict');
  const problems = homeViewProblems(args.view);
  if (problems.length > 0 || !isObject(args.view)) return invalidArguments(problems);
  const id = current?.id ?? workspace.ids.viewId();
  const view = viewOutput(args.view, {
    id,
    hash: workspace.ids.viewHash(),
    rootViewId: null,
    previousViewId: null,
    identity: workspace.identity,
    ids: workspace.ids,
  });
  workspace.homeViews.set(userId, { id, userId, view, isOpen: true });
  return { ok: true, view };
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': (args, workspace) => openOrPush(args, workspace, 'open'),
  'views.push': (args, workspace) => openOrPush(args, workspace, 'push'),
  'views.update': update,
  'views.publish': publish,
};
