import { userInfo } from 'node:os';
import { ROLES, type Role } from '../../lib/db/entities.ts';
import { setRole } from '../../lib/db/roles.ts';
import { userById, userIdByUsername } from '../../lib/db/users.ts';

export const usage = `usage: npm run admin -- grant <username> <moderator|admin> [--reason <why>] [--stage <stage>] [--region <region>]
       npm run admin -- revoke <username> [<role it must hold>] [--reason <why>] [--stage <stage>] [--region <region>]`;

export interface AdminCommand {
  action: 'grant' | 'revoke';
  username: string;
  role?: Exclude<Role, 'user'>;
  reason?: string;
  stage?: string;
  region?: string;
}

const isGrantable = (value: string | undefined): value is Exclude<Role, 'user'> => value !== 'user' && ROLES.some((role) => role === value);

export function parseAdminArgs(args: string[]): AdminCommand {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const rest = [...args];
  for (let arg = rest.shift(); arg !== undefined; arg = rest.shift()) {
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const value = rest.shift();
    if (!['--reason', '--stage', '--region'].includes(arg)) throw new Error(`unknown option ${arg}\n\n${usage}`);
    if (value === undefined) throw new Error(`${arg} needs a value\n\n${usage}`);
    options[arg.slice(2)] = value;
  }
  const [action, username, role, ...extra] = positional;
  if ((action !== 'grant' && action !== 'revoke') || !username || extra.length > 0) throw new Error(usage);
  if (action === 'grant' && !isGrantable(role)) throw new Error(`grant needs a role: moderator or admin\n\n${usage}`);
  if (role !== undefined && !isGrantable(role)) throw new Error(`${role} is not a role that can be revoked\n\n${usage}`);
  return { action, username, role, reason: options.reason, stage: options.stage, region: options.region };
}

/**
 * Grants or revokes a role directly in the table lib is configured for, with an audit entry naming the
 * operating-system user who ran it: how the first admin is made, never through the API.
 */
export async function runAdminCommand(command: AdminCommand, operator = userInfo().username): Promise<string> {
  const { action, username, role } = command;
  if (action === 'revoke' && role) {
    const userId = await userIdByUsername(username);
    const held = userId && (await userById(userId))?.role;
    if (userId && held !== role) throw new Error(`${username} does not hold ${role} (holds ${held ?? 'no role'}); nothing changed`);
  }
  const target: Role = action === 'grant' && role ? role : 'user';
  const reason = command.reason ?? `${action === 'grant' ? 'granted' : 'revoked'} with npm run admin`;
  const outcome = await setRole(username, target, reason, { operator: `${operator} (npm run admin)` });
  if (outcome === 'unchanged')
    return action === 'grant' ? `${username} already holds ${target}; nothing changed` : `${username} holds no role; nothing changed`;
  return action === 'grant' ? `${username} is now ${target}` : `${username} no longer holds a role`;
}
