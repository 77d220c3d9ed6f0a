/**
 * Audit events in words: who (Client / Practitioner / System and which automatic process), what happened to
 * which record, and each field's before → after as a person reads it. The server records field-level changes
 * with the stored field names (shared/audit.ts); this maps them to the labels the screens use.
 */
import type { AuditEvent } from '$shared/schemas';
import {
  cardImagesLabels,
  claimStatusLabels,
  formatCents,
  formatDate,
  formatTimestamp,
  insuranceCollectionLabels,
  insuranceTypeLabels,
  policyStatusLabels,
  portalStatusLabels,
  priorityLabels,
  relationshipLabels,
  sexLabels,
} from './labels';

const actionLabels: Record<string, string> = {
  'policy.created': 'Policy added',
  'policy.updated': 'Policy edited',
  'policy.auto_ended': 'End Date set automatically (a newer Primary starts)',
  'policy.needs_payer': 'Payer not matched: Needs Payer',
  'policy.payer_linked': 'Payer matched automatically',
  'claim.created': 'Claim draft saved',
  'claim.submitted': 'Claim submitted',
  'client.created': 'Client added',
  'client.updated': 'Client details changed',
  'client.invited': 'Portal invitation sent',
  'client.portal_activated': 'Portal account activated',
  'client.intake_insurance_skipped': 'Insurance skipped at intake',
  'payer.created': 'Payer added',
  'payer.updated': 'Payer changed',
  'payer.alias_learned': 'Alias learned from a review',
  'settings.updated': 'Portal settings changed',
};

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action.replace(/[._]/g, ' ');
}

const systemProcesses: Record<string, string> = {
  'payer-matcher': 'payer matching',
  'primary-auto-end': 'automatic End Date',
  'demo-seed': 'demo data',
};

/** "Client", a practitioner's display name, "System (payer matching)"; `clientName` names the client when known. */
export function actorLabel(actor: AuditEvent['actor'], clientName?: string): string {
  if (actor.kind === 'client') return clientName ? `Client (${clientName})` : 'Client';
  if (actor.kind === 'practitioner') return actor.name ?? 'Practitioner';
  return `System (${systemProcesses[actor.id] ?? actor.id})`;
}

const fieldNames: Record<string, string> = {
  payer: 'Payer',
  payerMatch: 'Payer match',
  payerMatchState: 'Payer match',
  matchedBy: 'Matched by',
  priority: 'Priority',
  status: 'Status',
  source: 'Added by',
  insuranceType: 'Insurance type',
  memberId: 'Member ID',
  groupNumber: 'Group number',
  planName: 'Plan name',
  planId: 'Plan ID',
  relationship: 'Relationship to subscriber',
  subscriber: 'Subscriber',
  effectiveDate: 'Effective Date',
  endDate: 'End Date',
  endedBy: 'Because of policy',
  copayCents: 'Copay',
  deductibleCents: 'Deductible',
  employerOrSchool: 'Employer or school',
  attachments: 'Attachments',
  reviewed: 'Reviewed',
  reviewedAt: 'Reviewed at',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  dateOfBirth: 'Date of birth',
  insuranceCollection: 'Insurance collection',
  portalStatus: 'Portal',
  intakeInsurance: 'Intake insurance step',
  collectInsurance: 'Collect insurance',
  cardImages: 'Card images',
  name: 'Name',
  ediPayerId: 'EDI payer ID',
  aliases: 'Aliases',
  active: 'Active',
  dateOfService: 'Date of service',
  policyId: 'Policy',
  serviceLines: 'Service lines',
  diagnosisCodes: 'Diagnoses',
  warnings: 'Warnings',
  submittedAt: 'Submitted at',
  placeOfService: 'Place of service',
  renderingPractitionerId: 'Rendering practitioner',
  primaryAdjudication: 'Primary’s payment',
  exportId: 'Export',
};

export function fieldLabel(field: string): string {
  return fieldNames[field] ?? field;
}

const matchStates: Record<string, string> = { pending: 'Pending', matched: 'Matched', needs_payer: 'Needs Payer' };
const matchedBy: Record<string, string> = { selected: 'the client’s choice', name: 'name', alias: 'alias', practitioner: 'practitioner' };
const enums: Record<string, Record<string, string>> = {
  priority: priorityLabels,
  // A policy's status or a claim's: the two sets of values do not overlap.
  status: { ...policyStatusLabels, ...claimStatusLabels },
  insuranceType: insuranceTypeLabels,
  relationship: relationshipLabels,
  insuranceCollection: insuranceCollectionLabels,
  portalStatus: portalStatusLabels,
  payerMatchState: matchStates,
  matchedBy,
  source: { client: 'Client', practice: 'Practice' },
  cardImages: Object.fromEntries(Object.entries(cardImagesLabels).map(([k, v]) => [k, v.label])),
  intakeInsurance: { pending: 'Pending', added: 'Added', skipped: 'Skipped' },
};

export interface NameLookup {
  policy?: (policyId: string) => string | undefined;
}

/** One recorded value in words. */
export function formatAuditValue(field: string, value: unknown, names: NameLookup = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return field.endsWith('Cents') ? formatCents(value) : String(value);
  if (typeof value === 'string') {
    if (enums[field]?.[value]) return enums[field][value];
    if ((field === 'endedBy' || field === 'policyId') && names.policy) return names.policy(value) ?? 'another policy';
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatTimestamp(value);
    return value;
  }
  if (Array.isArray(value)) {
    if (field === 'attachments') return `${value.length} ${value.length === 1 ? 'file' : 'files'}`;
    if (field === 'serviceLines') {
      return (
        (value as { procedureCode?: string; units?: number; chargeCents?: number }[])
          // The charge is the line's, for all its units.
          .map((line) => `${line.procedureCode ?? '?'} × ${line.units ?? 1}, ${formatCents(line.chargeCents ?? 0)}`)
          .join('; ') || '(none)'
      );
    }
    return value.length ? value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ') : '(none)';
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (field === 'payer') {
      const name = record.name as string | null;
      const entered = record.enteredName as string | null;
      return name ?? (entered ? `“${entered}” (not linked)` : 'none');
    }
    if (field === 'primaryAdjudication') {
      const adjustments = [
        record.adjustments,
        ...((record.lines as { adjustments?: unknown }[] | undefined) ?? []).map((line) => line.adjustments),
      ]
        .flatMap((list) => (Array.isArray(list) ? (list as { groupCode: string; reasonCode: string; amountCents: number }[]) : []))
        .map((a) => `${a.groupCode}-${a.reasonCode} ${formatCents(a.amountCents)}`);
      return [`paid ${formatCents(Number(record.paidCents))} on ${formatDate(String(record.paidDate))}`, ...adjustments].join('; ');
    }
    if (field === 'payerMatch') return matchStates[String(record.state)] ?? String(record.state);
    if (field === 'subscriber') {
      const parts = [`${record.firstName ?? ''} ${record.lastName ?? ''}`.trim()];
      if (record.dateOfBirth) parts.push(`born ${formatDate(String(record.dateOfBirth))}`);
      if (record.sex) parts.push(sexLabels[record.sex as keyof typeof sexLabels] ?? String(record.sex));
      const address = record.address as Record<string, string | null> | undefined;
      if (address) parts.push([address.line1, address.line2, address.city, address.state, address.postalCode].filter(Boolean).join(', '));
      return parts.filter(Boolean).join('; ');
    }
    return JSON.stringify(value);
  }
  return String(value);
}
