import { describe, expect, it } from 'vitest';
import { dueReminder, nextReminderTime, reminderTime } from '../../../src/domain/reminders.js';

const createdAt = '2026-05-01T10:00:00.000Z';
const request = { createdAt, expiresAt: '2026-05-01T14:00:00.000Z' };
const at = (minutes: number) => new Date(Date.parse(createdAt) + minutes * 60_000);

describe('reminder times', () => {
  it('fall at R, 3R, 7R, 15R after the request was made (doubling intervals)', () => {
    expect([1, 2, 3, 4].map((n) => reminderTime(createdAt, n, 30).toISOString())).toEqual([
      '2026-05-01T10:30:00.000Z',
      '2026-05-01T11:30:00.000Z',
      '2026-05-01T13:30:00.000Z',
      '2026-05-01T17:30:00.000Z',
    ]);
  });

  it('are due one at a time, the latest only, and never after expiry or when off', () => {
    expect(dueReminder(request, at(29), 30)).toBe(0);
    expect(dueReminder(request, at(30), 30)).toBe(1);
    expect(dueReminder(request, at(89), 30)).toBe(1);
    expect(dueReminder(request, at(200), 30)).toBe(2);
    expect(dueReminder(request, at(215), 30)).toBe(3);
    expect(dueReminder(request, at(240), 30)).toBe(0);
    expect(dueReminder(request, at(200), 0)).toBe(0);
  });

  it('name the next one only while it falls before the expiry', () => {
    expect(nextReminderTime(request, 1, 30)?.toISOString()).toBe('2026-05-01T11:30:00.000Z');
    expect(nextReminderTime(request, 3, 30)).toBeUndefined();
  });
});
