import type { ResetRequest } from '../../domain/request.js';
import { devicesLeftOver } from '../../domain/unfinished.js';
import { escapeMrkdwn } from './text.js';

/** The devices a crash left in the account, as the views name them: their serials, and one word for them. */
export function leftOverWords(request: ResetRequest): { readonly serials: string; readonly them: string } {
  const left = devicesLeftOver(request);
  return {
    serials: left.map((device) => `\`${escapeMrkdwn(device.serial, 300)}\``).join(', '),
    them: left.length === 1 ? 'it' : 'them',
  };
}
