import { describe, expect, it } from 'vitest';
import { editDistance, nearestKey } from '../../../src/config/issue-text.js';

describe('the nearest known key to a misspelt one', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('reasonMinLength', 'reasonMinLength')).toBe(0);
    expect(editDistance('stepup', 'stepUp')).toBe(0);
    expect(editDistance('userGroup', 'userGroups')).toBe(1);
    expect(editDistance('emial', 'email')).toBe(2);
    expect(editDistance('', 'tag')).toBe(3);
  });

  it('suggests the closest key, and nothing when none is close enough to be what was meant', () => {
    const requests = ['ttlMinutes', 'reasonMinLength', 'maxTokenAttempts', 'maxResetsPerTargetPerDay'];
    expect(nearestKey('reasonMinLenght', requests)).toBe('reasonMinLength');
    expect(nearestKey('maxTokenAttempt', requests)).toBe('maxTokenAttempts');
    expect(nearestKey('ttl', requests)).toBeUndefined();
    expect(nearestKey('colour', ['slack', 'approvers', 'audit'])).toBeUndefined();
    expect(nearestKey('anything', [])).toBeUndefined();
  });
});
