import { describe, expect, it } from 'vitest';
import { majorVersionOf } from '../../../sandbox/java.js';

describe('majorVersionOf', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_292"', 8],
    ['javac 17.0.15', 17],
    ['javac 1.8.0_292', 8],
  ])('reads %s as Java %i', (output, major) => {
    expect(majorVersionOf(output)).toBe(major);
  });

  it('returns undefined for output that names no version', () => {
    expect(majorVersionOf('bash: java: command not found')).toBeUndefined();
  });
});
