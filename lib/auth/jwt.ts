import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { config } from '#lib/config';

const ALGORITHM = 'HS256';
let key: Promise<Uint8Array> | undefined;

/**
 * The signing key: JWT_SECRET at stage local, else the SSM SecureString, fetched once per container. A
 * JWT_SECRET on a deployed stage is refused: it would sit in plaintext in the function's configuration.
 */
function secretKey(): Promise<Uint8Array> {
  key ??= (async () => {
    if (config().jwtSecret && config().stage !== 'local')
      throw new Error(`JWT_SECRET is refused at stage ${config().stage}: deployed stages read the key from SSM only`);
    const secret = config().jwtSecret || (await secretFromSsm());
    if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters');
    return new TextEncoder().encode(secret);
  })().catch((error: unknown) => {
    key = undefined;
    throw error;
  });
  return key;
}

async function secretFromSsm(): Promise<string> {
  if (!config().jwtSecretParameter) throw new Error('set JWT_SECRET or JWT_SECRET_PARAMETER');
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({ region: config().region });
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: config().jwtSecretParameter, WithDecryption: true }));
  return Parameter?.Value ?? '';
}

/**
 * Who a token speaks for: the user (by immutable id, so a token survives a change of username or email) and
 * which of their sign-ins. `generation` is the user's session generation when the session began: a password
 * change or a sign-out everywhere moves the user to the next one (lib/db/sessions.ts).
 */
export interface Session {
  userId: string;
  sessionId: string;
  generation: number;
}

/** A token for a new session of the user (register, login): a fresh session id, valid for the configured time. */
export async function signToken(user: { userId: string; generation: number }): Promise<string> {
  return new SignJWT({ sid: randomBytes(16).toString('base64url'), gen: user.generation })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(user.userId)
    .setIssuer(config().jwtIssuer)
    .setAudience(config().jwtAudience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + config().jwtTtlSeconds)
    .sign(await secretKey());
}

/**
 * The session of a valid token, or undefined for anything forged, expired, signed another way, or without a
 * session (tokens from before sessions existed: their holders sign in again). Whether the session has since
 * ended is the user item's to say (lib/db/sessions.ts).
 */
export async function verifyToken(token: string): Promise<Session | undefined> {
  const secret = await secretKey();
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [ALGORITHM],
      issuer: config().jwtIssuer,
      audience: config().jwtAudience,
      requiredClaims: ['sub', 'exp', 'iat', 'sid', 'gen'],
    });
    const { sub, sid, gen } = payload;
    // jose checks that `sub` is present, not that it is a string: a token we signed with an object there
    // must name nobody, not reach a key as "[object Object]" or an index attribute as a map (a 500).
    if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0) return undefined;
    return { userId: sub, sessionId: sid, generation: gen };
  } catch {
    return undefined;
  }
}
