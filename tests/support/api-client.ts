import { uniqueName } from './unique.ts';

export interface ApiResponse<T = any> {
  status: number;
  /** The parsed JSON body; undefined when there is none. */
  body: T;
  headers: Headers;
}

export interface ApiRequest {
  body?: unknown;
  token?: string;
}

const apiUrl = () => {
  const url = process.env.API_URL;
  if (!url) throw new Error('API_URL is not set');
  return url.replace(/\/$/, '');
};

/** One request to the running stack at API_URL, e.g. `api('GET', '/user', { token })`. */
export async function api<T = any>(method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: {
      ...(request.body !== undefined && { 'content-type': 'application/json' }),
      ...(request.token && { authorization: `Token ${request.token}` }),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export interface ApiUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

/** Registers a user no other test or run uses, through POST /api/users. */
export async function registerViaApi(prefix = 'e2e'): Promise<ApiUser> {
  const username = uniqueName(prefix);
  const credentials = { username, email: `${username}@example.com`, password: 'correct horse battery staple' };
  const response = await api('POST', '/users', { body: { user: credentials } });
  if (response.status !== 201) throw new Error(`registering ${username} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { ...credentials, token: response.body.user.token };
}
