import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CLIENT_ID_CLAIM, PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { ApiError } from '../../shared/errors.ts';
import type { PractitionerRole } from '../../shared/schemas/team.ts';
import type { RouteAccess } from '../routes.ts';

export type Caller =
  | { kind: 'practitioner'; userId: string; email?: string; name: string; role: PractitionerRole }
  | { kind: 'client'; userId: string; clientId: string }
  | { kind: 'anonymous' };

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * The caller, from the claims the JWT authorizer verified — never from anything else in the request.
 * API Gateway HTTP APIs flatten array claims into a string such as "[practitioners other]", while the local
 * gateway passes the decoded array; both are accepted.
 */
export function callerFromClaims(claims: Claims | undefined): Caller {
  if (!claims || typeof claims.sub !== 'string' || claims.token_use !== 'id') return { kind: 'anonymous' };
  const userId = claims.sub;
  const groups = groupsOf(claims['cognito:groups']);
  if (groups.includes(PRACTITIONERS_GROUP)) {
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    const name = [claims.given_name, claims.family_name].filter((part) => typeof part === 'string' && part).join(' ');
    return {
      kind: 'practitioner',
      userId,
      ...(email ? { email } : {}),
      name: name || email || userId,
      // The token's word until the team item says otherwise (functions/domain/team-standing.ts).
      role: groups.includes(PRACTICE_ADMINS_GROUP) ? 'admin' : 'practitioner',
    };
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

/** 401 without a usable identity, 403 with the wrong one. An `admin` route is first a practitioner route. */
export function authorize(caller: Caller, access: RouteAccess, hasToken: boolean): void {
  if (access === 'public') return;
  if (caller.kind === 'anonymous') {
    // A verified token that is neither a practitioner nor a client (say, a user removed from every group)
    // is authenticated but not allowed.
    if (hasToken) throw new ApiError('forbidden', 'This account has no access to the practice');
    throw new ApiError('unauthenticated', 'Sign in to continue');
  }
  if (caller.kind !== (access === 'admin' ? 'practitioner' : access))
    throw new ApiError('forbidden', 'You do not have access to this resource');
}

/** After the practitioner's standing is known: an admin route refuses everyone but admins. */
export function authorizeRole(caller: Caller, access: RouteAccess): void {
  if (access === 'admin' && (caller.kind !== 'practitioner' || caller.role !== 'admin')) {
    throw new ApiError('forbidden', 'Only a practice admin can do this');
  }
}

/**
 * Who did it, for the audit trail: a practitioner by their stable user id and their display name (what the
 * practice reads), or the client's id.
 */
export function actorOf(caller: Caller): { kind: 'practitioner' | 'client'; id: string; name?: string } {
  if (caller.kind === 'practitioner') return { kind: 'practitioner', id: caller.userId, name: caller.name };
  if (caller.kind === 'client') return { kind: 'client', id: caller.clientId };
  throw new Error('An anonymous caller cannot change data');
}

/** The client a portal request acts for: always the token's, never one named in the URL or body. */
export function clientIdOf(caller: Caller): string {
  if (caller.kind !== 'client') throw new ApiError('forbidden', 'Only portal clients can use this route');
  return caller.clientId;
}
