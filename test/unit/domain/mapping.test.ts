import { describe, expect, it } from 'vitest';
import { iamUserNameFromEmail } from '../../../src/domain/mapping.js';

describe('iamUserNameFromEmail', () => {
  it('uses the local part with the {localPart} template', () => {
    expect(iamUserNameFromEmail({ template: '{localPart}' }, 'alice@example.com')).toBe('alice');
  });

  it('fills in every placeholder of a template', () => {
    expect(iamUserNameFromEmail({ template: '{localPart}.{domain}' }, 'alice@Example.COM')).toBe(
      'alice.example.com',
    );
    expect(iamUserNameFromEmail({ template: 'sso-{email}' }, 'alice@example.com')).toBe(
      'sso-alice@example.com',
    );
  });

  it('keeps the case of the local part and lowercases the domain', () => {
    expect(iamUserNameFromEmail({ template: '{localPart}@{domain}' }, 'Alice.Smith@EXAMPLE.com')).toBe(
      'Alice.Smith@example.com',
    );
  });

  it('maps an address in an allowed domain, whatever its case', () => {
    const rule = { template: '{localPart}', domains: ['example.com', 'Example.ORG'] };
    expect(iamUserNameFromEmail(rule, 'alice@EXAMPLE.COM')).toBe('alice');
    expect(iamUserNameFromEmail(rule, 'bob@example.org')).toBe('bob');
  });

  it('does not map an address outside the allowed domains', () => {
    const rule = { template: '{localPart}', domains: ['example.com'] };
    expect(iamUserNameFromEmail(rule, 'alice@example.com.evil.test')).toBeUndefined();
    expect(iamUserNameFromEmail(rule, 'alice@sub.example.com')).toBeUndefined();
  });

  it('does not map any address when the allow-list is empty', () => {
    expect(
      iamUserNameFromEmail({ template: '{localPart}', domains: [] }, 'alice@example.com'),
    ).toBeUndefined();
  });

  it.each(['alice', '@example.com', 'alice@', ''])('does not map the malformed address "%s"', (email) => {
    expect(iamUserNameFromEmail({ template: '{localPart}' }, email)).toBeUndefined();
  });

  it('splits at the last @', () => {
    expect(iamUserNameFromEmail({ template: '{domain}' }, '"a@b"@example.com')).toBe('example.com');
  });

  it.each([
    ['a local part with characters IAM refuses', 'alice!smith@example.com'],
    ['a local part with a space', 'alice smith@example.com'],
    ['a name longer than 64 characters', `${'a'.repeat(65)}@example.com`],
  ])('does not map %s', (_what, email) => {
    expect(iamUserNameFromEmail({ template: '{localPart}' }, email)).toBeUndefined();
  });

  it('accepts the longest valid IAM user name, 64 characters', () => {
    expect(iamUserNameFromEmail({ template: '{localPart}' }, `${'a'.repeat(64)}@example.com`)).toBe(
      'a'.repeat(64),
    );
  });

  // Braces are not valid in IAM user names: an address containing a placeholder must be refused,
  // not expanded a second time.
  it('does not expand placeholders that appear inside the address itself', () => {
    expect(iamUserNameFromEmail({ template: '{localPart}' }, '{domain}@example.com')).toBeUndefined();
  });
});
