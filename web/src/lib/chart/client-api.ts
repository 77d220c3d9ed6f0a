/** The chart's calls for one client, so panels, the review page and the claim form share the paths and shapes. */
import type { AuditEvent, Claim, Client, Payer, Policy, Practitioner, Settings } from '$shared/schemas';
import type { ErrorDetail } from '$shared/errors';
import { api } from '../api';

const base = (clientId: string) => `/clients/${encodeURIComponent(clientId)}`;
const policyPath = (clientId: string, policyId: string) => `${base(clientId)}/policies/${encodeURIComponent(policyId)}`;

export const getClient = (clientId: string) => api<Client>(base(clientId));
export const listPolicies = (clientId: string) => api<{ items: Policy[] }>(`${base(clientId)}/policies`).then((r) => r.items);
export const getPolicy = (clientId: string, policyId: string) => api<Policy>(policyPath(clientId, policyId));
export const updatePolicy = (clientId: string, policyId: string, body: Record<string, unknown>) =>
  api<Policy>(policyPath(clientId, policyId), { method: 'PATCH', body });
export const createPolicy = (clientId: string, body: Record<string, unknown>) =>
  api<Policy>(`${base(clientId)}/policies`, { method: 'POST', body });

export const listClaims = (clientId: string) => api<{ items: Claim[] }>(`${base(clientId)}/claims`).then((r) => r.items);
export const createClaim = (clientId: string, body: Record<string, unknown>) =>
  api<Claim>(`${base(clientId)}/claims`, { method: 'POST', body });
export const updateClaim = (clientId: string, claimId: string, body: Record<string, unknown>) =>
  api<Claim>(`${base(clientId)}/claims/${encodeURIComponent(claimId)}`, { method: 'PATCH', body });
export const deleteClaim = (clientId: string, claimId: string) =>
  api<void>(`${base(clientId)}/claims/${encodeURIComponent(claimId)}`, { method: 'DELETE' });
/** Every problem that keeps the claim out of an 837P, each with the path of its cause. */
export const claimReadiness = (clientId: string, claimId: string) =>
  api<{ ready: boolean; problems: ErrorDetail[] }>(`${base(clientId)}/claims/${encodeURIComponent(claimId)}/readiness`);
export const submitClaim = (clientId: string, claimId: string) =>
  api<Claim>(`${base(clientId)}/claims/${encodeURIComponent(claimId)}/submit`, { method: 'POST' });
/** The client's active policies that cover the day, Primary first (the same rule as shared/coverage.ts). */
export const coverageOn = (clientId: string, dateOfService: string, signal?: AbortSignal) =>
  api<{ items: Policy[] }>(`${base(clientId)}/coverage?dateOfService=${encodeURIComponent(dateOfService)}`, { signal }).then(
    (r) => r.items,
  );

export const listAudit = (clientId: string) => api<{ items: AuditEvent[] }>(`${base(clientId)}/audit`).then((r) => r.items);
export const listPracticeAudit = () => api<{ items: AuditEvent[] }>('/practice/audit').then((r) => r.items);
export const getSettings = () => api<Settings>('/practice/settings');
export const listTeam = () => api<{ items: Practitioner[] }>('/practice/team').then((r) => r.items);

/** Practice payers (inactive ones too when asked: a policy may still be linked to one). */
export const listPayers = (includeInactive = false) =>
  api<{ items: Payer[] }>(includeInactive ? '/payers?includeInactive=true' : '/payers').then((r) => r.items);
export const createPayer = (body: { name: string; ediPayerId?: string }) => api<Payer>('/payers', { method: 'POST', body });

/** Where a practitioner's upload for this client asks for its pre-signed POST (the portal uses /portal/uploads). */
export const practiceUploadPath = (clientId: string) => `${base(clientId)}/uploads`;

export function attachmentUrl(clientId: string, policyId: string, attachmentId: string) {
  return api<{ url: string; expiresAt: string }>(`${policyPath(clientId, policyId)}/attachments/${encodeURIComponent(attachmentId)}`).then(
    (r) => r.url,
  );
}
