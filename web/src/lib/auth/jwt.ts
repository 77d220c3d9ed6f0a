import { CLIENT_ID_CLAIM, PRACTITIONERS_GROUP } from '$shared/constants';

/** The claims the web needs from a Cognito ID token. */
export interface IdClaims {
  sub: string;
  email: string | null;
  groups: string[];
  clientId: string | null;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type Role = 'practitioner' | 'client';

/**
 * Reads (does not verify) an ID token's payload. The browser only uses the claims to pick a screen; every API
 * call is authorised by the server from the verified token, so a forged token gains nothing here.
 */
export function readIdClaims(idToken: string): IdClaims {
  const payload = idToken.split('.')[1];
  if (!payload) throw new Error('Not a JWT');
  const base64 = payload
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(payload.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const groups = json['cognito:groups'];
  return {
    sub: String(json.sub ?? ''),
    email: typeof json.email === 'string' ? json.email : null,
    groups: Array.isArray(groups) ? groups.map(String) : typeof groups === 'string' ? [groups] : [],
    clientId: typeof json[CLIENT_ID_CLAIM] === 'string' && json[CLIENT_ID_CLAIM] ? json[CLIENT_ID_CLAIM] : null,
    exp: Number(json.exp ?? 0),
  };
}

export function roleOf(claims: IdClaims): Role | null {
  if (claims.groups.includes(PRACTITIONERS_GROUP)) return 'practitioner';
  if (claims.clientId) return 'client';
  return null;
}
