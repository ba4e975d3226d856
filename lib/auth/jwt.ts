import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '#lib/config';

// HS256 tokens, signed and checked with node:crypto (RFC 7519 and RFC 7515's compact form). jose did this
// until its WebCrypto path, loaded at every cold start, cost ~2.5 ms of CPU and 14 KB of bundle to parse: a
// fifth of what a route's cold start may add to its floor (CPU profiles of fresh processes, taken by hand).
// HS256 with our own issuer and audience is all we accept, so the check is small; tests/unit/lib/auth/jwt.test.ts
// holds it to jose both ways (jose's tokens verify here, ours verify in jose) and to the known attacks on JWT checks.

/** The header we sign with. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** A token part's JSON object, or undefined. */
function decodedObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * HS256 and nothing else (no `alg: none`, no other algorithm), a JWT if it says what it is, and no parameter
 * that would change how the token is read (`crit`, RFC 7797's `b64`): jose refuses those it does not know.
 */
const acceptedHeader = (header: Record<string, unknown> | undefined) =>
  header?.alg === 'HS256' && (header.typ === undefined || header.typ === 'JWT') && !('crit' in header) && !('b64' in header);

let key: Promise<KeyObject> | undefined;

/**
 * The signing key: JWT_SECRET at stage local, else the SSM SecureString, fetched once per container. A
 * JWT_SECRET on a deployed stage is refused: it would sit in plaintext in the function's configuration.
 */
function secretKey(): Promise<KeyObject> {
  key ??= (async () => {
    if (config().jwtSecret && config().stage !== 'local')
      throw new Error(`JWT_SECRET is refused at stage ${config().stage}: deployed stages read the key from SSM only`);
    const secret = config().jwtSecret || (await secretFromSsm());
    if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters');
    return createSecretKey(Buffer.from(secret, 'utf8'));
  })().catch((error: unknown) => {
    key = undefined;
    throw error;
  });
  return key;
}

const signature = (signingKey: KeyObject, unsigned: string) => createHmac('sha256', signingKey).update(unsigned).digest('base64url');

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
  const issuedAt = Math.floor(Date.now() / 1000);
  const claims = {
    sid: randomBytes(16).toString('base64url'),
    gen: user.generation,
    sub: user.userId,
    iss: config().jwtIssuer,
    aud: config().jwtAudience,
    iat: issuedAt,
    exp: issuedAt + config().jwtTtlSeconds,
  };
  const unsigned = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${unsigned}.${signature(await secretKey(), unsigned)}`;
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
    // Expired: forgotten here, refused by the check below.
    verified.delete(token);
  }
  const signingKey = await secretKey();
  const claims = verifiedClaims(token, signingKey);
  if (!claims) return undefined;
  const session: Session = Object.freeze({ userId: claims.sub, sessionId: claims.sid, generation: claims.gen });
  remember(token, session, claims.exp * 1000);
  return session;
}

interface Claims {
  sub: string;
  sid: string;
  gen: number;
  exp: number;
}

/**
 * The claims of a token we signed that is in force now, or undefined. Refused: a header acceptedHeader refuses,
 * a signature that is not exactly the one we would make (compared in constant time, one encoding only), claims
 * that are not a JSON object, another issuer or audience, an expiry passed or missing, a not-before still ahead,
 * and session claims of the wrong type.
 */
function verifiedClaims(token: string, signingKey: KeyObject): Claims | undefined {
  const [header, payload, signed, ...rest] = token.split('.');
  if (!header || !payload || !signed || rest.length > 0 || ![header, payload, signed].every((part) => SEGMENT.test(part))) return undefined;
  const expected = Buffer.from(signature(signingKey, `${header}.${payload}`));
  const presented = Buffer.from(signed);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  const claims = decodedObject(payload);
  if (!claims || !acceptedHeader(decodedObject(header))) return undefined;
  const { sub, sid, gen, exp, iat, nbf, iss, aud } = claims;
  const now = Date.now() / 1000;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (iss !== config().jwtIssuer || !audiences.includes(config().jwtAudience)) return undefined;
  if (typeof exp !== 'number' || !(now < exp) || typeof iat !== 'number' || (nbf !== undefined && (typeof nbf !== 'number' || nbf > now))) return undefined;
  // A user id is a string: anything else must name nobody, not reach a key as "[object Object]" (a 500).
  if (typeof sub !== 'string' || sub === '' || typeof sid !== 'string' || typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0) return undefined;
  return { sub, sid, gen, exp };
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
