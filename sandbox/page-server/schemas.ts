import * as z from 'zod';

/** What the page may send, checked before anything reaches the driver or the bot. */
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);
const conversationId = z.string().regex(/^[CDG][A-Z0-9]{2,}$/);
const viewId = z.string().regex(/^V[A-Z0-9]{2,}$/);
const blockKitId = z.string().min(1).max(255);
const optionValue = z.string().max(2000);

const userInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('plain_text_input'), value: z.string().max(3000) }),
  z.object({ type: z.literal('checkboxes'), values: z.array(optionValue).max(100) }),
  z.object({ type: z.literal('static_select'), value: optionValue.nullable() }),
  z.object({ type: z.literal('radio_buttons'), value: optionValue.nullable() }),
  z.object({ type: z.literal('users_select'), value: slackUserId.nullable() }),
]);
const inputs = z.record(blockKitId, z.record(blockKitId, userInput));

/** Slack's developer option the page offers: hand the bot a trigger_id that is already stale. */
const staleTrigger = z.boolean().default(false);

export const commandBody = z.object({
  as: slackUserId,
  channel: conversationId,
  text: z.string().max(4000),
  staleTrigger,
});

export const actionBody = z.object({
  as: slackUserId,
  source: z.union([
    z.object({ channel: conversationId, ts: z.string().regex(/^\d+\.\d+$/) }),
    z.object({ viewId, inputs: inputs.default({}) }),
    z.object({ home: z.literal(true) }),
  ]),
  actionId: blockKitId,
  blockId: blockKitId.optional(),
  value: optionValue.optional(),
  values: z.array(optionValue).max(100).optional(),
  staleTrigger,
});

export const submitBody = z.object({ as: slackUserId, viewId, inputs: inputs.default({}) });
export const closeBody = z.object({ as: slackUserId, viewId });
export const homeBody = z.object({ as: slackUserId, tab: z.enum(['home', 'messages']).default('home') });
export const stateQuery = z.object({ as: slackUserId });
export const fileQuery = z.object({ id: z.string().regex(/^F[A-Z0-9]{2,}$/) });
