import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOf, declaredFunctions } from '../../scripts/local/handler-check.ts';
import { binary, fromRepo, repoRoot } from '../../scripts/local/repo.ts';
import { readServerlessYml } from '../../scripts/local/serverless-yml.ts';

// What the running stack serves is what deploys: `serverless package` for a deployed stage builds every
// handler byte for byte as the stack built it. npm test names the stack's bundle folder; against a plain
// `npm start` it is the default one.
const STACK_FOLDER = process.env.STACK_ESBUILD_WORK_FOLDER ?? '.esbuild-local';
const PACKAGE_FOLDER = '.esbuild-e2e-package';
const ARTIFACTS = fromRepo('.test-results/package');

afterAll(() => rmSync(fromRepo(PACKAGE_FOLDER), { recursive: true, force: true }));

describe('serverless package', () => {
  it('builds, without AWS credentials, the same handlers the local stack runs', async () => {
    await promisify(execFile)(binary('serverless'), ['package', '--stage', 'prod', '--package', ARTIFACTS], {
      cwd: repoRoot,
      // Its build folder is kept (instead of deleted after zipping) so the bundles can be compared.
      env: {
        ...process.env,
        ESBUILD_WORK_FOLDER: PACKAGE_FOLDER,
        ESBUILD_KEEP_OUTPUT: 'true',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: 'none',
      },
      maxBuffer: 20 * 1024 * 1024,
    });
    const functions = declaredFunctions(readServerlessYml());
    for (const fn of functions) {
      expect(existsSync(fromRepo(ARTIFACTS, `${fn.key}.zip`)), `${fn.key}.zip`).toBe(true);
      const deployed = readFileSync(bundleOf(PACKAGE_FOLDER, fn.handler));
      const served = readFileSync(bundleOf(STACK_FOLDER, fn.handler));
      expect(deployed.equals(served), `${fn.key}: the deployed bundle differs from the one the stack serves`).toBe(true);
    }
  }, 300_000);
});
