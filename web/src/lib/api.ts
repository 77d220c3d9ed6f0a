/**
 * The one way the web calls the API: base URL from config.json, the Cognito ID token as a Bearer token, JSON in
 * and out, and every failure turned into an `ApiFailure` carrying the contract's error body
 * (`{ error: { code, message, details? } }`). A 401 ends the session (after one refresh attempt).
 */
import { isErrorBody } from '$shared/errors';
import { i18n, t } from './i18n/i18n';
import { ApiFailure } from './api-failure';
import { AuthError } from './auth/cognito';
import { currentIdToken, endSession, refreshSession, SessionEndedError } from './auth/session.svelte';
import { loadConfig } from './config';

export { ApiFailure };

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Public routes (accepting an invitation) send no token. */
  anonymous?: boolean;
}

async function send(path: string, options: ApiOptions, token: string | null): Promise<Response> {
  const { apiBase } = await loadConfig();
  // The language of the page: the server answers public portal routes (accepting an invitation) in it.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(`${apiBase}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiFailure(0, 'network', t('common.networkError'));
  }
}

/**
 * An ID token for the request. Cognito being unreachable is a network problem the page can retry; anything else
 * that prevents a token (no session, a refused refresh token) ends the session.
 */
async function idToken(fresh: boolean): Promise<string> {
  try {
    return fresh ? (await refreshSession()).idToken : await currentIdToken();
  } catch (error) {
    if (error instanceof SessionEndedError) throw error;
    if (error instanceof AuthError && error.code === 'network') throw new ApiFailure(0, 'network', t('common.networkError'));
    endSession();
    throw new SessionEndedError();
  }
}

/** Sends with the session's ID token (none for a public route); a 401 ends the session after one retry. */
async function sendAuthorized(path: string, options: ApiOptions): Promise<Response> {
  if (options.anonymous) return send(path, options, null);
  let response = await send(path, options, await idToken(false));
  if (response.status === 401) {
    // The token may have been revoked or the clocks disagree: one fresh token, one retry, then give up.
    response = await send(path, options, await idToken(true));
    if (response.status === 401) {
      endSession();
      throw new SessionEndedError();
    }
  }
  return response;
}

/** Calls `GET|POST|… {apiBase}{path}` and returns the parsed JSON body (or undefined for an empty one). */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const response = await sendAuthorized(path, options);
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiFailure(response.status, body.error.code, body.error.message, body.error.details ?? []);
    }
    const message = response.status >= 500 ? t('common.serverError') : t('common.requestFailed', { status: response.status });
    throw new ApiFailure(response.status, response.status >= 500 ? 'internal' : 'unknown', message);
  }
  return body as T;
}

/** A message fit to show for any error thrown by `api` (or anything else). */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure || error instanceof SessionEndedError) return error.message;
  return t('common.somethingWrong');
}

/** True when the error is the session ending: the page is navigating to sign-in, so show nothing. */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof SessionEndedError;
}

/**
 * Downloads a file route (the CMS-1500 PDF) with the same token handling as `api`, and saves it under
 * `fileName` through a temporary link. Errors come back as the contract's error body, like `api`.
 */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const response = await sendAuthorized(path, {});
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isErrorBody(body)) throw new ApiFailure(response.status, body.error.code, body.error.message, body.error.details ?? []);
    throw new ApiFailure(response.status, 'unknown', `The download failed (${response.status}).`);
  }
  saveBlob(await response.blob(), fileName);
}

/** Saves text or a blob the page already has (an 837P export) as a file. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
