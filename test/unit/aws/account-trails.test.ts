import { describe, expect, it } from 'vitest';
import { enrolmentsByAccount } from '../../../src/aws/account-trails.js';
import type { AccountMfaEnablement } from '../../../src/domain/account-trail.js';
import { isResetError } from '../../../src/domain/errors.js';
import type { EnrolmentTrail } from '../../../src/services/ports.js';

const LEGACY = '111122223333';

class FakeEnrolmentTrail implements EnrolmentTrail {
  readonly asked: string[] = [];
  constructor(private readonly serial: string) {}
  async mfaEnablements(query: {
    iamUserName: string;
    from: Date;
    to: Date;
  }): Promise<AccountMfaEnablement[]> {
    this.asked.push(query.iamUserName);
    return [
      { eventId: 'ev', at: query.from.toISOString(), iamUserName: query.iamUserName, serial: this.serial },
    ];
  }
}

describe('the enrolment follow-through reads the trail of the target’s account', () => {
  const range = { from: new Date('2024-05-01T10:00:00Z'), to: new Date('2024-05-01T11:00:00Z') };

  it('asks a member account’s trail with the plain name, and the home trail for a home user', async () => {
    const home = new FakeEnrolmentTrail('home-serial');
    const legacy = new FakeEnrolmentTrail('legacy-serial');
    const trails = enrolmentsByAccount(home, new Map([[LEGACY, legacy]]));

    const [inLegacy] = await trails.mfaEnablements({ iamUserName: `${LEGACY}:mallory`, ...range });
    const [atHome] = await trails.mfaEnablements({ iamUserName: 'alice', ...range });

    expect(inLegacy?.serial).toBe('legacy-serial');
    expect(atHome?.serial).toBe('home-serial');
    expect(legacy.asked).toEqual(['mallory']);
    expect(home.asked).toEqual(['alice']);
  });

  it('refuses a user of an account the config no longer lists, without asking the home trail', async () => {
    const home = new FakeEnrolmentTrail('home-serial');
    const trails = enrolmentsByAccount(home, new Map());
    const refused = await trails
      .mfaEnablements({ iamUserName: `${LEGACY}:mallory`, ...range })
      .catch((e) => e);
    expect(isResetError(refused) && refused.code).toBe('CONFIG_INVALID');
    expect(home.asked).toEqual([]);
  });
});
