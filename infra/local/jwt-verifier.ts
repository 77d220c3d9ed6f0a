/**
 * Verifies a Cognito ID token the way an API Gateway HTTP API JWT authorizer does: a Bearer token in the
 * Authorization header, signed by a key from the issuer's JWKS, with the expected `iss`, an `aud` (or
 * `client_id`) equal to the app client id, and not expired (`exp`, `nbf`). Anything else is a 401.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type VerificationResult = { ok: true; claims: Record<string, string> } | { ok: false; reason: string };

export interface TokenVerifier {
  verifyAuthorizationHeader(header: string | undefined): Promise<VerificationResult>;
}

/** Verified tokens are remembered until they expire, as API Gateway caches its authorizer's answers. */
const MAX_REMEMBERED_TOKENS = 1_000;

export function createTokenVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  const keySet = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  // The exact token string → its claims: a different string (a changed byte) is verified afresh.
  const verified = new Map<string, { claims: Record<string, string>; expiresAt: number }>();
  return {
    async verifyAuthorizationHeader(header) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
      if (!token) return { ok: false, reason: 'Sign in to continue' };
      const remembered = verified.get(token);
      if (remembered && remembered.expiresAt > Date.now()) return { ok: true, claims: remembered.claims };
      let payload: JWTPayload;
      try {
        // `exp` is required: a signed token that never expires is not one Cognito issues (jose alone accepts it).
        ({ payload } = await jwtVerify(token, keySet, { issuer: options.issuer, requiredClaims: ['exp', 'sub'] }));
      } catch {
        return { ok: false, reason: 'Your session is invalid or has expired; sign in again' };
      }
      const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? payload.client_id];
      if (!audience.includes(options.audience)) return { ok: false, reason: 'Your session is invalid or has expired; sign in again' };
      const claims = payload as Record<string, string>;
      if (verified.size >= MAX_REMEMBERED_TOKENS) verified.clear();
      verified.set(token, { claims, expiresAt: payload.exp! * 1000 });
      return { ok: true, claims };
    },
  };
}
