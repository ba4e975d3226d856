import { type RegisteredUser, registerFreshUser } from '../../support/users.ts';

/**
 * Registers `count` fresh users, a few at a time: each registration hashes a password with scrypt at 128 MiB,
 * and a Lambda serves one request, so dozens at once would only queue behind each other in this process and
 * run past the handler's timeout (lambdaContext reports 10 s left).
 */
export async function registerFreshUsers(count: number, prefix = 'user', atOnce = 4): Promise<RegisteredUser[]> {
  const users: RegisteredUser[] = [];
  while (users.length < count) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(atOnce, count - users.length) }, () => registerFreshUser(prefix)))));
  }
  return users;
}
