import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CLIENT_ID_CLAIM, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { ApiError } from '../../shared/errors.ts';
import type { RouteAccess } from '../routes.ts';

export type Caller =
  { kind: 'practitioner'; userId: string; email?: string } | { kind: 'client'; userId: string; clientId: string } | { kind: 'anonymous' };

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * The caller, from the claims the JWT authorizer verified — never from anything else in the request.
 * API Gateway HTTP APIs flatten array claims into a string such as "[practitioners other]", while the local
 * gateway passes the decoded array; both are accepted.
 */
export function callerFromClaims(claims: Claims | undefined): Caller {
  if (!claims || typeof claims.sub !== 'string' || claims.token_use !== 'id') return { kind: 'anonymous' };
  const userId = claims.sub;
  if (groupsOf(claims['cognito:groups']).includes(PRACTITIONERS_GROUP)) {
    return { kind: 'practitioner', userId, ...(typeof claims.email === 'string' ? { email: claims.email } : {}) };
  }
  const clientId = claims[CLIENT_ID_CLAIM];
  if (typeof clientId === 'string' && clientId.length > 0) return { kind: 'client', userId, clientId };
  return { kind: 'anonymous' };
}

function groupsOf(claim: Claims[string] | undefined): string[] {
  if (Array.isArray(claim)) return claim;
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function callerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller {
  return callerFromClaims(event.requestContext?.authorizer?.jwt?.claims as Claims | undefined);
}

/** 401 without a usable identity, 403 with the wrong one. */
export function authorize(caller: Caller, access: RouteAccess, hasToken: boolean): void {
  if (access === 'public') return;
  if (caller.kind === 'anonymous') {
    // A verified token that is neither a practitioner nor a client (say, a user removed from every group)
    // is authenticated but not allowed.
    if (hasToken) throw new ApiError('forbidden', 'This account has no access to the practice');
    throw new ApiError('unauthenticated', 'Sign in to continue');
  }
  if (caller.kind !== access) throw new ApiError('forbidden', 'You do not have access to this resource');
}

/**
 * Who did it, for the audit trail: the practitioner's sign-in email (what a practice recognises; the user id
 * when the token has none), or the client's id.
 */
export function actorOf(caller: Caller): { kind: 'practitioner' | 'client'; id: string } {
  if (caller.kind === 'practitioner') return { kind: 'practitioner', id: caller.email ?? caller.userId };
  if (caller.kind === 'client') return { kind: 'client', id: caller.clientId };
  throw new Error('An anonymous caller cannot change data');
}

/** The client a portal request acts for: always the token's, never one named in the URL or body. */
export function clientIdOf(caller: Caller): string {
  if (caller.kind !== 'client') throw new ApiError('forbidden', 'Only portal clients can use this route');
  return caller.clientId;
}
