import { ApiError } from './errors.ts';

/** What the client item says about its portal login (functions/data/client-repository.ts ClientRecord). */
export interface PortalLogin {
  portal: { status: 'not_invited' | 'invited' | 'active' };
  /** The `sub` of the client's current portal login; absent on clients activated before it was recorded. */
  portalUserSub?: string;
}

export const portalAccessEnded = () => new ApiError('forbidden', 'Your portal access has ended. Please contact your practice.');

/**
 * The promise of every `client` route: it answers only a caller who is still the client's current portal user.
 * API Gateway's authorizer only knows the token is genuine; the client item knows whether access was revoked or
 * moved to another login (an email change). The HTTP layer hands one guard to the handler of every client route
 * and refuses to answer unless it was applied — to the client item the route reads anyway, so a revocation takes
 * effect on the next request at no extra round trip.
 */
export class PortalUserGuard {
  /** Set once the guard was applied; the HTTP layer checks it when the handler answers. */
  applied = false;

  constructor(
    readonly clientId: string,
    /** The verified token's `sub`. */
    readonly userId: string,
  ) {}

  /** A client activated before the portal user was recorded has no `portalUserSub`: its status alone decides. */
  assert(client: PortalLogin): void {
    this.applied = true;
    const current = client.portal.status === 'active' && (client.portalUserSub === undefined || client.portalUserSub === this.userId);
    if (!current) throw portalAccessEnded();
  }
}
