import type { HomeView } from '@slack/types';
import { header, section } from './blocks.js';
import { helpText } from './help-text.js';

/** The App Home tab: what the bot does and how to use it; the same words as `/mfa-reset help`. */
export function homeView(): HomeView {
  return {
    type: 'home',
    blocks: [header('MFA reset'), section(helpText())],
  };
}
