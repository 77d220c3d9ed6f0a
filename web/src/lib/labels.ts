/** The words the UI uses for the contract's enumerations, and date formatting. */
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

export const priorityLabels: Record<Priority, string> = { primary: 'Primary', secondary: 'Secondary', other: 'Other' };

export const relationshipLabels = { self: 'Self', spouse: 'Spouse', child: 'Child', other: 'Other' } as const;

export const sexLabels = { female: 'Female', male: 'Male', unknown: 'Unknown' } as const;

export const cardImagesLabels: Record<CardImages, { label: string; hint: string }> = {
  off: { label: 'Don’t ask for card images', hint: 'Clients type their policy details only.' },
  optional: { label: 'Optional', hint: 'Clients may upload the front and back of their card.' },
  front: { label: 'Front required', hint: 'Clients must upload the front of their card; the back is optional.' },
  front_and_back: { label: 'Front and back required', hint: 'Clients must upload both sides of their card.' },
};

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

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}
