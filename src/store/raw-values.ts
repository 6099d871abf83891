import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's own attribute values, for the few small items written with the plain client (the
 * document client cannot cache its middleware, and these writes are on every approval's path).
 */
export type RawItem = Record<string, AttributeValue>;

export const raw = {
  s: (value: string): AttributeValue => ({ S: value }),
  n: (value: number): AttributeValue => ({ N: String(value) }),
  key: (key: { PK: string; SK: string }): RawItem => ({ PK: { S: key.PK }, SK: { S: key.SK } }),
};

/** A number attribute, or undefined when it is absent or not a number. */
export function numberOf(value: AttributeValue | undefined): number | undefined {
  if (value === undefined || !('N' in value) || value.N === undefined) return undefined;
  const parsed = Number(value.N);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function stringOf(value: AttributeValue | undefined): string | undefined {
  return value !== undefined && 'S' in value ? value.S : undefined;
}

/** The entries of a list attribute (empty when absent or not a list). */
export function listOf(value: AttributeValue | undefined): AttributeValue[] {
  return value !== undefined && 'L' in value && Array.isArray(value.L) ? value.L : [];
}

/** The members of a map attribute (empty when absent or not a map). */
export function mapOf(value: AttributeValue | undefined): RawItem {
  return value !== undefined && 'M' in value && value.M !== undefined ? value.M : {};
}
