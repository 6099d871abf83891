import type { IamStsEmulator } from '../../../sandbox/iam-sts-emulator/index.js';
import {
  READER_ROLE,
  RESET_ROLE,
  readerRolePolicy,
  readerRoleTrust,
  resetRolePolicy,
  resetRoleTrust,
} from '../aws/member-roles.js';
import { people, type WorldOptions } from './world.js';

export const LEGACY = '111122223333';
export const DATA = '444455556666';
export const EXTERNAL_ID = 'mfa-reset-7f3a';

/** Two member accounts with the member stack's roles; mallory has a user in legacy-prod, bob and hugo in data. */
export function withMemberAccounts(
  options: {
    legacyProtect?: string;
    /** The external ID the bot's config gives legacy-prod (default: the one both its roles require). */
    legacyExternalId?: string;
    /** The external ID legacy-prod's reset role requires (default: the one the config gives). */
    legacyResetTrustExternalId?: string;
    /** legacy-prod without its reset role (the member stack set has no instance there, say). */
    legacyWithoutResetRole?: boolean;
  } = {},
): WorldOptions {
  return {
    runtimeRole: true,
    staticMapping: {
      [people.mallory.slackId]: `${LEGACY}:mallory`,
      [people.bob.slackId]: `${DATA}:admin-bob`,
      [people.hugo.slackId]: `${DATA}:hugo`,
    },
    accountsYaml: [
      `  - id: "${LEGACY}"`,
      '    name: legacy-prod',
      `    externalId: ${options.legacyExternalId ?? EXTERNAL_ID}`,
      ...(options.legacyProtect === undefined
        ? []
        : [`    protect: { users: ["${options.legacyProtect}"] }`]),
      `  - { id: "${DATA}", name: data, externalId: ${EXTERNAL_ID} }`,
    ].join('\n'),
    beforeStart: (aws: IamStsEmulator) => {
      const homeAccountId = aws.state.accountId;
      for (const id of [LEGACY, DATA]) {
        const { roles } = aws.addAccount(id).state;
        const resetExternalId = id === LEGACY ? options.legacyResetTrustExternalId : undefined;
        if (id !== LEGACY || options.legacyWithoutResetRole !== true)
          roles.add({
            roleName: RESET_ROLE,
            trustPolicy: resetRoleTrust({ homeAccountId, externalId: resetExternalId ?? EXTERNAL_ID }),
            policies: { reset: resetRolePolicy() },
          });
        roles.add({
          roleName: READER_ROLE,
          trustPolicy: readerRoleTrust({ homeAccountId, externalId: EXTERNAL_ID }),
          policies: { reader: readerRolePolicy() },
        });
      }
      aws.account(LEGACY).state.addUser({ userName: 'mallory' });
      aws.account(DATA).state.addUser({ userName: 'admin-bob' });
      aws.account(DATA).state.addUser({ userName: 'hugo' });
    },
  };
}
