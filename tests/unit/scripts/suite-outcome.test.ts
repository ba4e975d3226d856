import { describe, expect, it } from 'vitest';
import { countProblems, excerpt } from '../../../scripts/suites/outcome.ts';

describe('judging an official suite run', () => {
  it('passes only when every request the files define ran, none failed, and the runner exited 0', () => {
    expect(countProblems({ expected: 20, ran: 20, failed: 0 }, 0)).toEqual([]);
  });

  it('fails a run that skipped requests even when the runner exited 0', () => {
    expect(countProblems({ expected: 20, ran: 0, failed: 0 }, 0)).toEqual(['ran 0 of 20 requests']);
  });

  it('fails on failed requests and on a non-zero exit', () => {
    expect(countProblems({ expected: 4, ran: 4, failed: 1 }, 1)).toEqual(['1 request(s) failed', 'runner exited with 1']);
  });

  it('cuts long response bodies', () => {
    expect(excerpt('x'.repeat(400), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(excerpt({ errors: { body: ["can't be blank"] } })).toBe('{"errors":{"body":["can\'t be blank"]}}');
  });
});
