import { describe, expect, it } from 'vitest';
import { type AnchorListing, anchorBreak } from '../../../src/domain/anchors.js';

const hash = (n: number) => n.toString(16).padStart(64, '0');
const anchor = (seq: number, h = hash(seq)) => ({ name: `s3://b/anchors/${seq}.json`, seq, hash: h });
const listing = (input: Partial<AnchorListing>): AnchorListing => ({
  anchors: [],
  rewritten: [],
  malformed: [],
  ...input,
});
const table = (seqs: readonly number[]) => (seq: number) => (seqs.includes(seq) ? hash(seq) : undefined);

describe('anchorBreak', () => {
  it('finds nothing when every anchor names its event’s hash', () => {
    expect(anchorBreak(listing({ anchors: [anchor(1), anchor(5)] }), table([1, 2, 3, 4, 5]))).toBeUndefined();
  });

  it('compares whole hashes: an anchor that shares only the start of its event’s hash disagrees', () => {
    const almost = `${hash(5).slice(0, 63)}f`;
    expect(anchorBreak(listing({ anchors: [anchor(5, almost)] }), table([5]))).toMatchObject({
      firstBadSeq: 5,
      problem: expect.stringMatching(/disagrees: event 5's hash is/),
    });
  });

  it('names the lowest problem among disagreeing, missing, rewritten and malformed anchors', () => {
    const result = anchorBreak(
      listing({
        anchors: [anchor(9), anchor(4, hash(40))],
        rewritten: [{ name: 's3://b/anchors/6.json', seq: 6, versions: 2 }],
        malformed: [{ name: 's3://b/anchors/7.json', seq: 7, reason: 'it names event 8' }],
      }),
      table([1, 2, 3, 4, 5, 6, 7]),
    );
    expect(result).toEqual({
      firstBadSeq: 4,
      problem: expect.stringMatching(/^anchor s3:\/\/b\/anchors\/4\.json disagrees/),
    });
    expect(anchorBreak(listing({ anchors: [anchor(9)] }), table([1]))?.problem).toMatch(
      /the trail has no event 9/,
    );
  });
});
