import { describe, expect, it } from 'vitest';
import { auditPage } from '#lib/db/audit';
import { parseAdminArgs, runAdminCommand } from '../../scripts/admin/command.ts';
import { storedUser } from '../functions/support/moderation.ts';
import { userIdOf } from '../functions/support/tokens.ts';
import { registerFreshUser } from '../support/users.ts';

// npm run admin's module function against this run's DynamoDB Local, as the script runs it once configureTarget
// has pointed lib at a stack (scripts/local/target.ts, shared with npm run redrive).
describe('npm run admin', () => {
  it('grants a role to a user, with an audit entry naming who ran it, and revokes it', async () => {
    const member = await registerFreshUser('first-admin');
    const memberId = userIdOf(member.token);

    expect(await runAdminCommand(parseAdminArgs(['grant', member.username, 'admin']), 'alice')).toBe(`${member.username} is now admin`);
    expect((await storedUser(member))?.role).toBe('admin');
    expect(await runAdminCommand(parseAdminArgs(['grant', member.username, 'admin']), 'alice')).toBe(`${member.username} already holds admin; nothing changed`);

    await expect(runAdminCommand(parseAdminArgs(['revoke', member.username, 'moderator']), 'alice')).rejects.toThrow(
      `${member.username} does not hold moderator (holds admin); nothing changed`,
    );
    expect(await runAdminCommand(parseAdminArgs(['revoke', member.username, '--reason', 'handed over']), 'bob')).toBe(
      `${member.username} no longer holds a role`,
    );
    expect(await storedUser(member)).not.toHaveProperty('role');

    const mine = (await auditPage(100)).filter((entry) => entry.subjectId === memberId);
    expect(mine).toEqual([
      expect.objectContaining({ action: 'role.revoke', role: 'user', operator: 'bob (npm run admin)', reason: 'handed over' }),
      expect.objectContaining({ action: 'role.grant', role: 'admin', operator: 'alice (npm run admin)', reason: 'granted with npm run admin' }),
    ]);
    for (const entry of mine) expect(entry.actorId).toBeUndefined();
  });

  it('answers an unknown user with an error and changes nothing', async () => {
    await expect(runAdminCommand(parseAdminArgs(['grant', 'nobody-by-this-name', 'moderator']), 'alice')).rejects.toThrow('user not found');
  });

  it('reads its arguments: a role to grant, options with values, nothing more', () => {
    expect(parseAdminArgs(['grant', 'ann', 'moderator', '--stage', 'prod', '--region', 'eu-west-1'])).toEqual({
      action: 'grant',
      username: 'ann',
      role: 'moderator',
      reason: undefined,
      stage: 'prod',
      region: 'eu-west-1',
    });
    expect(() => parseAdminArgs(['grant', 'ann'])).toThrow('grant needs a role');
    expect(() => parseAdminArgs(['grant', 'ann', 'user'])).toThrow('grant needs a role');
    expect(() => parseAdminArgs(['promote', 'ann', 'admin'])).toThrow('usage: npm run admin');
    expect(() => parseAdminArgs(['revoke', 'ann', '--reason'])).toThrow('--reason needs a value');
    expect(() => parseAdminArgs(['revoke', 'ann', '--force', 'x'])).toThrow('unknown option --force');
  });
});
