import { describe, expect, it } from 'vitest';
import { type RecordedCall, roundsOf } from '../../../scripts/bench/call-recorder.ts';

const call = (operation: string, startedAt: number, endedAt: number): RecordedCall => ({
  service: 'dynamodb',
  operation,
  body: '{}',
  startedAt,
  endedAt,
  readUnits: 0,
  minReadUnits: 0,
  writeUnits: 0,
});
const shape = (calls: RecordedCall[]) => roundsOf(calls).map((round) => round.map((recorded) => recorded.operation));

// The bench reads round trips from when calls reach its recorder and when they are answered.
describe('roundsOf', () => {
  it('puts calls sent together in one round and a call sent after their answers in the next', () => {
    expect(shape([call('Get', 0, 5), call('Update', 1, 6), call('Transact', 8, 20), call('Send', 21, 22)])).toEqual([
      ['Get', 'Update'],
      ['Transact'],
      ['Send'],
    ]);
  });

  it('does not fold later rounds into the first because one of its reads is still in flight', () => {
    // Authentication's session read runs beside the whole route until the transaction is answered.
    expect(shape([call('SessionRead', 0, 12), call('BatchGet', 1, 4), call('Transact', 6, 11), call('Send', 13, 14)])).toEqual([
      ['SessionRead', 'BatchGet'],
      ['Transact'],
      ['Send'],
    ]);
  });

  it('counts no round for no call', () => {
    expect(roundsOf([])).toEqual([]);
  });
});
