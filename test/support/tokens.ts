/**
 * ID tokens minted with cognito-local's signing key (it ships inside the package: local use only), for callers
 * the seed does not have — several distinct practitioners racing each other, say. The gateway verifies them
 * exactly like tokens from sign-in (signature, issuer, audience, expiry).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { stack } from './api.ts';
import { REPO_ROOT } from './local-stack.ts';

let signingKey: ReturnType<typeof importJWK> | undefined;

export async function mintIdToken(subject: string, claims: Record<string, unknown>, options: { expires?: boolean } = {}): Promise<string> {
  signingKey ??= importJWK(
    JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json'), 'utf8')).jwk,
    'RS256',
  );
  const { endpoints, resources } = stack();
  const jwt = new SignJWT({ token_use: 'id', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
    .setIssuer(`${endpoints.cognito}/${resources.userPoolId}`)
    .setAudience(resources.userPoolClientId)
    .setSubject(subject)
    .setIssuedAt();
  if (options.expires !== false) jwt.setExpirationTime('1h');
  return jwt.sign(await signingKey);
}

/** A practitioner (member of the `practitioners` group) with their own user id. */
export const mintPractitionerToken = (userId: string) =>
  mintIdToken(userId, { 'cognito:groups': ['practitioners'], 'cognito:username': userId });

/** A practice admin (also a practitioner) with their own user id. */
export const mintAdminToken = (userId: string) =>
  mintIdToken(userId, { 'cognito:groups': ['practitioners', 'practice-admins'], 'cognito:username': userId });
