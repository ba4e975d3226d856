/** A token's claims, read without verifying. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

/** The user id a token names (its `sub`), read without verifying: tests need it to match events to users. */
export function userIdOf(token: string): string {
  return claimsOf(token).sub as string;
}
