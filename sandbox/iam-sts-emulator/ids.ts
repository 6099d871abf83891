import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Identifiers shaped like AWS's, so that code which looks at prefixes sees what it would see in AWS. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[randomInt(BASE32.length)];
  return out;
}

export const newIds = {
  /** Long-term access keys start with AKIA, session keys with ASIA. */
  accessKeyId: () => `AKIA${base32(16)}`,
  sessionAccessKeyId: () => `ASIA${base32(16)}`,
  secretAccessKey: () => randomBytes(30).toString('base64'),
  sessionToken: () => `FwoGZXIvYXdzE${randomBytes(96).toString('base64')}`,
  userId: () => `AIDA${base32(17)}`,
  roleId: () => `AROA${base32(17)}`,
  hardwareSerial: () => `GAHT${String(randomInt(100_000_000)).padStart(8, '0')}`,
  fidoId: () => base32(26),
  requestId: () => randomUUID(),
};
