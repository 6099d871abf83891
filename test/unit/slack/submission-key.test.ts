import { describe, expect, it } from 'vitest';
import { submissionKey } from '../../../src/slack/listeners/replays.js';

const values = {
  token_code: { token_code: { type: 'plain_text_input', value: '123456' } },
  reason: { reason: { type: 'plain_text_input', value: 'Lost my phone' } },
};

describe('submissionKey', () => {
  it('is the same for the same view and values, whatever order Slack serialised them in', () => {
    const reordered = {
      reason: { reason: { value: 'Lost my phone', type: 'plain_text_input' } },
      token_code: { token_code: { value: '123456', type: 'plain_text_input' } },
    };
    expect(submissionKey({ id: 'V1', state: { values } }, 'secret')).toBe(
      submissionKey({ id: 'V1', state: { values: reordered } }, 'secret'),
    );
  });

  it('differs for another value in the same view (the next code after a wrong one) and for another view', () => {
    const next = { ...values, token_code: { token_code: { type: 'plain_text_input', value: '654321' } } };
    const key = submissionKey({ id: 'V1', state: { values } }, 'secret');
    expect(submissionKey({ id: 'V1', state: { values: next } }, 'secret')).not.toBe(key);
    expect(submissionKey({ id: 'V2', state: { values } }, 'secret')).not.toBe(key);
  });

  it('holds no typed value, only a digest keyed by a secret the table never sees', () => {
    const key = submissionKey({ id: 'V1', state: { values } }, 'secret');
    expect(key).toMatch(/^V1:[0-9a-f]{64}$/);
    expect(key).not.toContain('123456');
    expect(submissionKey({ id: 'V1', state: { values } }, 'another secret')).not.toBe(key);
  });
});
