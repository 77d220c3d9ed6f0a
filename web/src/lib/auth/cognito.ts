/**
 * The four Cognito user-pool calls the web makes, as plain JSON POSTs: the AWS SDK would add tens of kilobytes
 * to the first load for what is one fetch each.
 */
import { cognitoEndpoint, loadConfig } from '../config';
import { t } from '../i18n/i18n';

export interface Tokens {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  /** Seconds; cognito-local leaves it out. */
  ExpiresIn?: number;
}

export type AuthStep =
  | { kind: 'signed_in'; tokens: Tokens }
  | { kind: 'new_password'; username: string; session: string }
  | { kind: 'mfa_code'; username: string; session: string }
  | { kind: 'unsupported'; challenge: string };

/** A refusal from Cognito (`code` is its exception name) or `network` when it could not be reached. */
export class AuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

interface InitiateAuthAnswer {
  AuthenticationResult?: Tokens;
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

async function call<T>(operation: string, body: Record<string, unknown>): Promise<T> {
  const config = await loadConfig();
  let response: Response;
  try {
    response = await fetch(cognitoEndpoint(config), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify({ ClientId: config.cognito.userPoolClientId, ...body }),
    });
  } catch {
    throw new AuthError('network', t('auth.network'));
  }
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    // AWS sends `__type` as "NotAuthorizedException" or "…#NotAuthorizedException".
    const code =
      String(data.__type ?? 'Unknown')
        .split('#')
        .pop() ?? 'Unknown';
    throw new AuthError(code, String(data.message ?? 'Sign-in failed'));
  }
  return data as T;
}

function toStep(answer: InitiateAuthAnswer, username: string): AuthStep {
  if (answer.AuthenticationResult) return { kind: 'signed_in', tokens: answer.AuthenticationResult };
  const name = answer.ChallengeName ?? 'unknown';
  const challengeUser = answer.ChallengeParameters?.USER_ID_FOR_SRP ?? username;
  if (name === 'NEW_PASSWORD_REQUIRED') return { kind: 'new_password', username: challengeUser, session: answer.Session ?? '' };
  if (name === 'SOFTWARE_TOKEN_MFA') return { kind: 'mfa_code', username: challengeUser, session: answer.Session ?? '' };
  return { kind: 'unsupported', challenge: name };
}

export async function initiatePasswordAuth(username: string, password: string): Promise<AuthStep> {
  const answer = await call<InitiateAuthAnswer>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return toStep(answer, username);
}

export async function respondNewPassword(username: string, session: string, newPassword: string): Promise<AuthStep> {
  const answer = await call<InitiateAuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
  return toStep(answer, username);
}

export async function respondMfaCode(username: string, session: string, code: string): Promise<AuthStep> {
  const answer = await call<InitiateAuthAnswer>('RespondToAuthChallenge', {
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    Session: session,
    ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
  });
  return toStep(answer, username);
}

/** "Forgot password?": Cognito emails a code to the account's address (locally: the outbox). */
export async function requestPasswordReset(username: string): Promise<void> {
  await call('ForgotPassword', { Username: username });
}

/** The code from that email and the new password. */
export async function confirmPasswordReset(username: string, code: string, newPassword: string): Promise<void> {
  await call('ConfirmForgotPassword', { Username: username, ConfirmationCode: code, Password: newPassword });
}

/** New ID and access tokens for a refresh token (Cognito keeps the refresh token itself unchanged). */
export async function refreshTokens(refreshToken: string): Promise<Tokens> {
  const answer = await call<InitiateAuthAnswer>('InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (!answer.AuthenticationResult) throw new AuthError('NotAuthorizedException', 'Refresh refused');
  return answer.AuthenticationResult;
}

/** Best effort: invalidates the refresh token (and the tokens issued from it) on sign-out. */
export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  await call('RevokeToken', { Token: refreshToken }).catch(() => undefined);
}

/** Plain-language text for Cognito's refusals; never echoes internals. */
export function describeAuthError(error: unknown): string {
  if (!(error instanceof AuthError)) return t('auth.generic');
  switch (error.code) {
    case 'network':
      return error.message;
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
    case 'InvalidPasswordException':
      // cognito-local answers a wrong password with InvalidPasswordException; AWS with NotAuthorizedException.
      return t('auth.wrongPassword');
    case 'CodeMismatchException':
      return t('auth.codeMismatch');
    case 'ExpiredCodeException':
      return t('auth.codeExpired');
    case 'TooManyRequestsException':
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
      return t('auth.tooMany');
    case 'PasswordResetRequiredException':
      return t('auth.resetRequired');
    case 'UserNotConfirmedException':
      return t('auth.notConfirmed');
    default:
      return t('auth.failed');
  }
}

/** Text for a refused new password (the pool's password policy). */
export function describePasswordError(error: unknown): string {
  if (error instanceof AuthError && (error.code === 'InvalidPasswordException' || error.code === 'InvalidParameterException')) {
    return t('auth.weakPassword');
  }
  return describeAuthError(error);
}
