/** The words the UI uses for the contract's enumerations, and date formatting. */
import type { CoverageState, ReviewReason } from '$shared/policy-state';
import type { CardImages, InsuranceCollection, InsuranceType, Priority } from '$shared/schemas';

export const insuranceTypeLabels: Record<InsuranceType, string> = {
  medicare: 'Medicare',
  medicaid: 'Medicaid',
  tricare: 'TRICARE',
  champva: 'CHAMPVA',
  group_health_plan: 'Group health plan',
  feca_black_lung: 'FECA Black Lung',
  other: 'Other',
};

/** A policy's standing at the practice's today, and the badge it wears. */
export const coverageStateLabels: Record<CoverageState, string> = {
  active: 'Active',
  upcoming: 'Upcoming',
  ended: 'Ended',
  inactive: 'Inactive',
};
export const coverageStateBadges: Record<CoverageState, string> = {
  active: 'success',
  upcoming: 'info',
  ended: 'neutral',
  inactive: 'neutral',
};

/** Why a policy is in the Review queue, in the practice's words. */
export const reviewReasonLabels: Record<ReviewReason, string> = {
  needs_payer: 'Needs Payer',
  card_mismatch: 'Card differs',
  unreviewed: 'Unreviewed',
};

export const priorityLabels: Record<Priority, string> = { primary: 'Primary', secondary: 'Secondary', other: 'Other' };

export const relationshipLabels = { self: 'Self', spouse: 'Spouse', child: 'Child', other: 'Other' } as const;

export const sexLabels = { female: 'Female', male: 'Male', unknown: 'Unknown' } as const;

export const cardImagesLabels: Record<CardImages, { label: string; hint: string }> = {
  off: { label: 'Don’t ask for card images', hint: 'Clients type their policy details only.' },
  optional: { label: 'Optional', hint: 'Clients may upload the front and back of their card.' },
  front: { label: 'Front required', hint: 'Clients must upload the front of their card; the back is optional.' },
  front_and_back: { label: 'Front and back required', hint: 'Clients must upload both sides of their card.' },
};

/** The portal's languages, for the dashboard (which stays English). */
export const languageLabels = { en: 'English', es: 'Spanish (español)' } as const;
export const languageOptions = Object.entries(languageLabels).map(([value, label]) => ({ value, label }));

export const portalStatusLabels = { not_invited: 'Not invited', invited: 'Invited', active: 'Active' } as const;

export const insuranceCollectionLabels: Record<InsuranceCollection, string> = {
  inherit: 'Use the practice setting',
  on: 'On for this client',
  off: 'Off for this client',
};

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const timestampFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** `2024-03-01` → `Mar 1, 2024`; a calendar day, so formatted in UTC whatever the viewer's zone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/** A policy's coverage dates: `Jan 1, 2024 – Jun 30, 2024`, or `… – no end date`. */
export function coveragePeriod(policy: { effectiveDate: string; endDate: string | null }): string {
  return `${formatDate(policy.effectiveDate)} – ${policy.endDate ? formatDate(policy.endDate) : 'no end date'}`;
}

/** An ISO timestamp in the viewer's zone. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : timestampFormat.format(date);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** ["Payer", "Member ID"] → "Payer and Member ID" (the dashboard is English). */
export function listInWords(items: readonly string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(items);
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

export const policyStatusLabels = { active: 'Active', inactive: 'Inactive' } as const;

export const claimStatusLabels = { draft: 'Draft', submitted: 'Submitted', exported: 'Exported' } as const;
export const claimStatusBadges = { draft: 'neutral', submitted: 'info', exported: 'success' } as const;

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Integer cents → `$1,250.00`. */
export function formatCents(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : money.format(cents / 100);
}

/** Integer cents → `1250.00` for a dollars input (empty for none). */
export function centsToDollars(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '' : (cents / 100).toFixed(2);
}

/**
 * A dollars input → integer cents: `25`, `25.5`, `$1,250.00` are fine; empty is null; anything else (negative,
 * more than two decimals, letters) is undefined, for the form to report.
 */
export function dollarsToCents(text: string): number | null | undefined {
  const value = text.trim().replace(/^\$/, '').replace(/,/g, '').trim();
  if (!value) return null;
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return undefined;
  const [whole, fraction = ''] = value.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** A matcher score in [0, 1] in words a practitioner can act on (the number is shown beside it). */
export function matchStrength(score: number): 'Strong match' | 'Possible match' | 'Weak match' {
  return score >= 0.85 ? 'Strong match' : score >= 0.6 ? 'Possible match' : 'Weak match';
}

/** Today's calendar day in the viewer's zone, as YYYY-MM-DD (a date of service is a local day). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The heading name of a policy: "Primary · Aetna" (the typed name while no payer is linked). */
export function policyTitle(policy: { priority: Priority; payer: { name: string | null; enteredName: string | null } }): string {
  return `${priorityLabels[policy.priority]} · ${policy.payer.name ?? policy.payer.enteredName ?? 'Payer not given'}`;
}
