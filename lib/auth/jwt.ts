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

/** Tokens name the user by immutable id, so they survive a change of username or email. */
export async function signToken(userId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(config().jwtIssuer)
    .setAudience(config().jwtAudience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + config().jwtTtlSeconds)
    .sign(await secretKey());
}

/** The user id of a valid token, or undefined for anything forged, expired, or signed another way. */
export async function verifyToken(token: string): Promise<string | undefined> {
  const secret = await secretKey();
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: [ALGORITHM],
      issuer: config().jwtIssuer,
      audience: config().jwtAudience,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    // jose checks that `sub` is present, not that it is a string: a token we signed with an object there
    // must name nobody, not reach a key as "[object Object]" or an index attribute as a map (a 500).
    return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
