import { blockKitLimits as limits } from '../../src/block-kit-limits.js';
import { checkBlocks, checkPlainText, checkStringLength, hasInputBlock, isObject } from './block-rules.js';

/**
 * What views.open / views.push / views.update accept, with the limits of Slack's modal view reference
 * (src/block-kit-limits.ts): title, submit and close ≤ 24 characters, ≤ 100 blocks, private_metadata
 * ≤ 3000, callback_id and external_id ≤ 255, unique block_ids, and a submit button whenever there is an input block.
 * Returns the problems (empty when Slack would accept the view).
 */
export function modalViewProblems(view: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(view)) return ['must be an object [json-pointer:/view]'];
  if (view.type === undefined) problems.push('missing required field: type [json-pointer:/view]');
  // views.open and views.push only open modals; Home tabs go through views.publish.
  else if (view.type !== 'modal')
    problems.push(`unsupported type: ${String(view.type)} [json-pointer:/view/type]`);
  if (view.title === undefined) problems.push('missing required field: title [json-pointer:/view]');
  else checkPlainText(view.title, limits.modalTitle, '/view/title', problems);
  if (view.submit !== undefined) checkPlainText(view.submit, limits.modalButton, '/view/submit', problems);
  if (view.close !== undefined) checkPlainText(view.close, limits.modalButton, '/view/close', problems);
  if (view.blocks === undefined) problems.push('missing required field: blocks [json-pointer:/view]');
  else checkBlocks(view.blocks, { pointer: '/view/blocks', max: limits.modalBlocks }, problems);
  if (hasInputBlock(view.blocks) && view.submit === undefined) {
    problems.push('missing required field: submit [json-pointer:/view]');
  }
  checkStringLength(view.private_metadata, limits.privateMetadata, '/view/private_metadata', problems);
  checkStringLength(view.callback_id, limits.id, '/view/callback_id', problems);
  checkStringLength(view.external_id, limits.id, '/view/external_id', problems);
  return problems;
}

/** views.publish: a Home tab has no title or buttons, but the same block limits. */
export function homeViewProblems(view: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(view)) return ['must be an object [json-pointer:/view]'];
  if (view.type !== 'home') problems.push(`unsupported type: ${String(view.type)} [json-pointer:/view/type]`);
  if (view.blocks === undefined) problems.push('missing required field: blocks [json-pointer:/view]');
  else checkBlocks(view.blocks, { pointer: '/view/blocks', max: limits.homeBlocks }, problems);
  checkStringLength(view.private_metadata, limits.privateMetadata, '/view/private_metadata', problems);
  checkStringLength(view.callback_id, limits.id, '/view/callback_id', problems);
  checkStringLength(view.external_id, limits.id, '/view/external_id', problems);
  return problems;
}
