import { describe, expect, it } from 'vitest';
import { countRoundTrips } from '../../support/round-trips.ts';

const call = (startedAt: number, endedAt: number) => ({ startedAt, endedAt });

describe('counting sequential round trips', () => {
  it('is zero without calls', () => {
    expect(countRoundTrips([])).toBe(0);
  });

  it('counts calls awaited one after another separately', () => {
    expect(countRoundTrips([call(0, 10), call(10, 20), call(21, 30)])).toBe(3);
  });

  it('counts calls sent together once', () => {
    expect(countRoundTrips([call(0, 10), call(1, 12), call(2, 8)])).toBe(1);
  });

  it('starts a new round only after every earlier call finished', () => {
    // The third call starts after the first finished but while the second is still out: same round.
    expect(countRoundTrips([call(0, 5), call(1, 20), call(6, 15), call(20, 25)])).toBe(2);
  });

  it('does not depend on the order calls were recorded in', () => {
    expect(countRoundTrips([call(30, 40), call(0, 10), call(10, 20)])).toBe(3);
  });
});
