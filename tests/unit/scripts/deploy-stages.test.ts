import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binary, repoRoot } from '../../../scripts/local/repo.ts';

// The Serverless CLI itself, as a deployer runs it, without AWS credentials: `print` resolves every variable
// the way `package` and `deploy` do, and the plugin in scripts/serverless/ refuses before any AWS call.
const SHELL_SECRET = 'a-deployers-shell-secret-that-must-never-ship';

function serverless(args: string[], env: Record<string, string> = {}) {
  const { AWS_PROFILE: _profile, AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = process.env;
  const result = spawnSync(binary('serverless'), args, { cwd: repoRoot, env: { ...rest, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const environmentAt = (stage: string) => {
  const printed = serverless(['print', '--stage', stage], { JWT_SECRET: SHELL_SECRET });
  expect(printed.status).toBe(0);
  return (parse(printed.output.slice(printed.output.indexOf('service:'))) as { provider: { environment: Record<string, unknown> } }).provider.environment;
};

describe('stages and the JWT signing key', { timeout: 90_000 }, () => {
  it("ignores a deployer's JWT_SECRET on a deployed stage: the functions get none and read SSM", () => {
    const environment = environmentAt('prod');
    expect(environment.JWT_SECRET).toBe('');
    expect(environment.JWT_SECRET_PARAMETER).toBe('/conduit/prod/jwt-secret');
    expect(environment.STAGE).toBe('prod');
  });

  it("gives deployed functions their account's SQS address, so a queue's URL needs no GetQueueUrl call", () => {
    expect(environmentAt('prod').QUEUE_URL_BASE).toEqual({
      'Fn::Join': ['', ['https://sqs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'AWS::AccountId' }]],
    });
    expect(environmentAt('local').QUEUE_URL_BASE).toBe('');
  });

  it('takes JWT_SECRET from the environment at stage local', () => {
    expect(environmentAt('local').JWT_SECRET).toBe(SHELL_SECRET);
  });

  it('refuses serverless deploy --stage local before anything else happens', () => {
    const deploy = serverless(['deploy', '--stage', 'local']);
    expect(deploy.status).not.toBe(0);
    expect(deploy.output).toContain('Stage "local" is for npm start and tests only and is never deployed');
  });
});
