import { describe, expect, it } from 'vitest';
import { readServerlessYml } from '../../../scripts/local/serverless-yml.ts';

// npm start, npm test, `serverless invoke local` and `serverless package` build handlers from the same
// custom.esbuild block. Only where the bundles go, whether they are kept and rebuilt on a change may depend on
// the environment: any other setting read from it would let a local stack run something that is not deployed.
const MAY_VARY = ['outputWorkFolder', 'keepOutputDirectory', 'watch'];

const readsEnvironment = (value: unknown): boolean => JSON.stringify(value ?? null).includes('${env:');

describe('one build for every use', () => {
  it('reads no build setting from the environment', () => {
    const esbuild = ((readServerlessYml().custom ?? {}) as { esbuild: Record<string, unknown> }).esbuild;
    const varying = Object.entries(esbuild)
      .filter(([name, value]) => !MAY_VARY.includes(name) && readsEnvironment(value))
      .map(([name]) => name);
    expect(varying).toEqual([]);
  });

  it('bundles dependencies into every handler', () => {
    const esbuild = ((readServerlessYml().custom ?? {}) as { esbuild: Record<string, unknown> }).esbuild;
    expect(esbuild.bundle).toBe(true);
    expect(esbuild.packages ?? 'bundle').toBe('bundle');
  });
});
