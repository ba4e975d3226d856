import { randomBytes, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { config } from '#lib/config';

const ALGORITHM = 'HS256';
let key: Promise<webcrypto.CryptoKey> | undefined;

/**
 * The signing key: JWT_SECRET at stage local, else the SSM SecureString, fetched once per container. A
 * JWT_SECRET on a deployed stage is refused: it would sit in plaintext in the function's configuration.
 */
function secretKey(): Promise<webcrypto.CryptoKey> {
  key ??= (async () => {
    if (config().jwtSecret && config().stage !== 'local')
      throw new Error(`JWT_SECRET is refused at stage ${config().stage}: deployed stages read the key from SSM only`);
    const secret = config().jwtSecret || (await secretFromSsm());
    if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters');
    // Imported once: jose would import raw bytes again for every token it signs or verifies.
    return webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
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
  const known = verified.get(token);
  if (known) {
    if (Date.now() < known.expiresAt) return known.session;
    // Expired: forgotten here, refused by jose below.
    verified.delete(token);
  }
  const secret = await secretKey();
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [ALGORITHM],
      issuer: config().jwtIssuer,
      audience: config().jwtAudience,
      requiredClaims: ['sub', 'exp', 'iat', 'sid', 'gen'],
    });
    const { sub, sid, gen, exp } = payload;
    // jose checks that `sub` is present, not that it is a string: a token we signed with an object there
    // must name nobody, not reach a key as "[object Object]" or an index attribute as a map (a 500).
    if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0) return undefined;
    const session: Session = Object.freeze({ userId: sub, sessionId: sid, generation: gen });
    remember(token, session, (exp ?? 0) * 1000);
    return session;
  } catch {
    return undefined;
  }
}

/**
 * Tokens this container has verified, until they expire: a caller's next requests skip the signature check
 * (as API Gateway's authorizer cache does). It says only that we signed the token; whether its session is
 * still live is read from the user item on every request (lib/db/sessions.ts). At most VERIFIED_KEPT, the
 * longest kept going first.
 */
const VERIFIED_KEPT = 1_000;
const verified = new Map<string, { session: Session; expiresAt: number }>();

function remember(token: string, session: Session, expiresAt: number) {
  if (verified.size >= VERIFIED_KEPT) {
    const oldest = verified.keys().next();
    if (!oldest.done) verified.delete(oldest.value);
  }
  verified.set(token, { session, expiresAt });
}
