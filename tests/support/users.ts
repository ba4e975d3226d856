import { handler as register } from '../../functions/users/register.ts';
import { invoke } from './http-event.ts';
import { uniqueName } from './unique.ts';

export interface RegisteredUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

/** Registers a user with a name no other test uses, through the real register handler. */
export async function registerFreshUser(prefix = 'user'): Promise<RegisteredUser> {
  const username = uniqueName(prefix);
  const credentials = { username, email: `${username}@example.com`, password: 'correct horse battery staple' };
  const response = await invoke(register, { method: 'POST', path: '/api/users', body: { user: credentials } });
  if (response.status !== 201) throw new Error(`registering ${username} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { ...credentials, token: response.body.user.token };
}
