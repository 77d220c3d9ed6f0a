/**
 * Talking to the running local stack from tests over real HTTP: signing in against cognito-local, calling
 * the API with a Bearer ID token, onboarding a portal client through the real invitation flow.
 */
import { inject } from 'vitest';
import type { RunningStack } from './local-stack.ts';

export const PRACTITIONER = { email: 'practitioner@demo.test', password: 'Practice-demo-1' };

let explicitStack: RunningStack | undefined;

/**
 * For code that runs outside vitest (the benchmark, scripts): makes `stack()` return this stack instead of the
 * one vitest's global setup provides. Pass undefined to go back to vitest's.
 */
export function useStack(running: RunningStack | undefined): void {
  explicitStack = running;
}

export function stack(): RunningStack {
  return explicitStack ?? inject('stack');
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function request<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${stack().url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** A small client bound to one token. */
export function as(token: string | undefined) {
  return {
    get: <T = any>(path: string) => request<T>('GET', path, { token }),
    post: <T = any>(path: string, body?: unknown) => request<T>('POST', path, { token, body }),
    put: <T = any>(path: string, body?: unknown) => request<T>('PUT', path, { token, body }),
    patch: <T = any>(path: string, body?: unknown) => request<T>('PATCH', path, { token, body }),
    delete: <T = any>(path: string) => request<T>('DELETE', path, { token }),
  };
}

/** One call to cognito-local's JSON API (the SDK's wire format): its status and body, never a throw. */
export async function cognitoCall<T = any>(target: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(stack().endpoints.cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** InitiateAuth with a password (USER_PASSWORD_AUTH, the flow the web's sign-in uses). */
export function initiatePasswordAuth<T = any>(email: string, password: string): Promise<{ status: number; body: T }> {
  return cognitoCall<T>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: stack().resources.userPoolClientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
}

export async function signIn(email: string, password: string): Promise<string> {
  const { body: result } = await initiatePasswordAuth<{ AuthenticationResult?: { IdToken: string } }>(email, password);
  if (!result.AuthenticationResult) throw new Error(`Sign-in failed for a test user: ${JSON.stringify(result).slice(0, 200)}`);
  return result.AuthenticationResult.IdToken;
}

let practitionerToken: Promise<string> | undefined;
export function practitioner() {
  practitionerToken ??= signIn(PRACTITIONER.email, PRACTITIONER.password);
  return practitionerToken;
}

export const unique = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  links: string[];
  sentAt: string;
}

export async function outboxFor(email: string): Promise<OutboxMessage[]> {
  const { body } = await request<{ items: OutboxMessage[] }>('GET', '/local/outbox');
  return body.items.filter((message) => message.to === email);
}

export const tokenFromLink = (link: string) => new URL(link).hash.replace(/^#token=/, '');

export interface PortalClient {
  clientId: string;
  email: string;
  password: string;
  token: string;
}

/** A client created by the practitioner, invited, and signed in through the real invitation round trip. */
export async function onboardPortalClient(
  options: { insuranceCollection?: 'inherit' | 'on' | 'off'; firstName?: string; lastName?: string; language?: 'en' | 'es' } = {},
): Promise<PortalClient> {
  const practice = as(await practitioner());
  const email = `${unique('client')}@example.test`.toLowerCase();
  const created = await practice.post('/api/clients', {
    firstName: options.firstName ?? 'Test',
    lastName: options.lastName ?? unique('Client'),
    email,
  });
  if (created.status !== 201) throw new Error(`create client: ${created.status} ${JSON.stringify(created.body)}`);
  const clientId = created.body.clientId as string;
  const invited = await practice.post(`/api/clients/${clientId}/invitations`, {
    ...(options.insuranceCollection ? { insuranceCollection: options.insuranceCollection } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  if (invited.status !== 202) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
  const [message] = await outboxFor(email);
  const password = 'Client-pass-1!';
  const accepted = await request('POST', '/api/portal/invitations/accept', {
    body: { token: tokenFromLink(message!.links[0]!), password },
  });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { clientId, email, password, token: await signIn(email, password) };
}

/** Polls until `check` returns a value (stream processing is asynchronous by design). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 50));
  }
}
