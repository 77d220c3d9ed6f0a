/** The chart's calls for one client, so panels share the paths and shapes. */
import type { AuditEvent, Claim, Client, Policy, Settings } from '$shared/schemas';
import { api } from '../api';

const base = (clientId: string) => `/clients/${encodeURIComponent(clientId)}`;

export const getClient = (clientId: string) => api<Client>(base(clientId));
export const listPolicies = (clientId: string) => api<{ items: Policy[] }>(`${base(clientId)}/policies`).then((r) => r.items);
export const listClaims = (clientId: string) => api<{ items: Claim[] }>(`${base(clientId)}/claims`).then((r) => r.items);
export const listAudit = (clientId: string) => api<{ items: AuditEvent[] }>(`${base(clientId)}/audit`).then((r) => r.items);
export const getSettings = () => api<Settings>('/practice/settings');

export function attachmentUrl(clientId: string, policyId: string, attachmentId: string) {
  return api<{ url: string; expiresAt: string }>(
    `${base(clientId)}/policies/${encodeURIComponent(policyId)}/attachments/${encodeURIComponent(attachmentId)}`,
  ).then((r) => r.url);
}
