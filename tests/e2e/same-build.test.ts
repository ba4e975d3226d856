import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
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
// The system temp folder of the packaging process: serverless-esbuild zips from copies there, which must not stay.
const PACKAGE_TMP = fromRepo('.test-results/package-tmp');

afterAll(() => {
  rmSync(fromRepo(PACKAGE_FOLDER), { recursive: true, force: true });
  rmSync(PACKAGE_TMP, { recursive: true, force: true });
});

describe('serverless package', () => {
  it('builds, without AWS credentials, the same handlers the local stack runs', async () => {
    rmSync(PACKAGE_TMP, { recursive: true, force: true });
    mkdirSync(PACKAGE_TMP, { recursive: true });
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
        TMPDIR: PACKAGE_TMP,
      },
      maxBuffer: 20 * 1024 * 1024,
    });
    const functions = declaredFunctions(readServerlessYml());
    for (const fn of functions) {
      expect(existsSync(fromRepo(ARTIFACTS, `${fn.key}.zip`)), `${fn.key}.zip`).toBe(true);
      const deployed = readFileSync(bundleOf(PACKAGE_FOLDER, fn.handler));
      const served = readFileSync(bundleOf(STACK_FOLDER, fn.handler));
      expect(deployed.equals(served), `${fn.key}: the deployed bundle differs from the one the stack serves`).toBe(true);
      // Source maps stay out of the cold path: not in the zip, kept beside it (scripts/serverless/source-maps-beside.cjs).
      const bundle = relative(fromRepo(PACKAGE_FOLDER, '.build'), bundleOf(PACKAGE_FOLDER, fn.handler));
      const entries = zipEntryNames(readFileSync(fromRepo(ARTIFACTS, `${fn.key}.zip`)));
      expect(entries, fn.key).toContain(bundle);
      expect(
        entries.filter((name) => name.endsWith('.map')),
        fn.key,
      ).toEqual([]);
      expect(existsSync(fromRepo(ARTIFACTS, 'sourcemaps', `${bundle}.map`)), `${fn.key}: its map beside the artifacts`).toBe(true);
    }
    // scripts/serverless/package-temp-cleanup.cjs: serverless-esbuild's copies for zipping are gone.
    expect(readdirSync(PACKAGE_TMP)).toEqual([]);
  }, 300_000);
});

/** The file names a zip's central directory lists. */
function zipEntryNames(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const [nameLength, extraLength, commentLength] = [zip.readUInt16LE(offset + 28), zip.readUInt16LE(offset + 30), zip.readUInt16LE(offset + 32)];
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
