import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseMemory, estimate, type Measured } from '../../../scripts/bench/cost.ts';
import type { BenchResults } from '../../../scripts/bench/report.ts';
import { fromRepo } from '../../../scripts/local/repo.ts';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';

const yml = readServerlessYml() as { provider: { memorySize: number }; functions: Record<string, { memorySize?: number }> };
const published = JSON.parse(readFileSync(fromRepo('scripts/bench/results.json'), 'utf8')) as BenchResults;

describe('memory sizes come from measurement', () => {
  it('serverless.yml gives every measured function the size the bench chose for it', () => {
    const measured = published.functions.filter((row) => row.memory);
    expect(measured.length).toBeGreaterThan(10);
    for (const row of measured) {
      const configured = yml.functions[row.functionKey]?.memorySize ?? yml.provider.memorySize;
      expect({ function: row.functionKey, memorySize: configured }).toEqual({ function: row.functionKey, memorySize: row.memory!.memoryMb });
    }
  });
});

describe('the memory model', () => {
  const ioBound: Measured = { cpuMs: 3, coldCpuMs: 150, rounds: 2, readUnits: 1, writeUnits: 0, peakRssMiB: 100 };
  const passwordHash: Measured = { cpuMs: 280, coldCpuMs: 450, rounds: 2, readUnits: 1, writeUnits: 0, peakRssMiB: 220 };

  it('below one vCPU, halving the memory doubles the CPU time and leaves its cost the same', () => {
    const cpuOnly: Measured = { ...ioBound, cpuMs: 100, rounds: 0 };
    const small = estimate(cpuOnly, 256);
    const large = estimate(cpuOnly, 512);
    expect(small.warmMs).toBeCloseTo(large.warmMs * 2);
    expect(small.lambda).toBeCloseTo(large.lambda, 1);
  });

  it('gives a password hash a whole vCPU and a route that mostly waits on DynamoDB much less', () => {
    expect(chooseMemory(passwordHash).memoryMb).toBe(1769);
    expect(chooseMemory(ioBound).memoryMb).toBeLessThan(1769);
  });

  it('never picks a size below the peak memory measured plus headroom', () => {
    expect(chooseMemory({ ...ioBound, peakRssMiB: 300 }).memoryMb).toBeGreaterThanOrEqual(512);
  });

  it('prices DynamoDB by the units a request consumed', () => {
    expect(estimate({ ...ioBound, readUnits: 0, writeUnits: 4 }, 512).dynamodb).toBeCloseTo(2.5);
  });
});
