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

export function createTokenVerifier(options: { jwksUrl: string; issuer: string; audience: string }): TokenVerifier {
  const keySet = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return {
    async verifyAuthorizationHeader(header) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
      if (!token) return { ok: false, reason: 'Sign in to continue' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, { issuer: options.issuer }));
      } catch {
        return { ok: false, reason: 'Your session is invalid or has expired; sign in again' };
      }
      const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud ?? payload.client_id];
      if (!audience.includes(options.audience)) return { ok: false, reason: 'Your session is invalid or has expired; sign in again' };
      return { ok: true, claims: payload as Record<string, string> };
    },
  };
}
