/** A stored policy as the API returns it, for unit tests of the rules that read one. */
import type { Policy } from '../../shared/schemas.ts';

/**
 * A reviewed Primary the practice entered, linked to Aetna, the client its own subscriber, open-ended from
 * 2026-01-01, with nothing waiting for review. One copy, so that a field added to Policy is added here once.
 */
export function policyRecord(overrides: Partial<Policy> = {}): Policy {
  return {
    policyId: 'POL1',
    clientId: 'CLI1',
    priority: 'primary',
    status: 'active',
    source: 'practice',
    payer: { payerId: 'PAY1', name: 'Aetna', enteredName: null },
    needsPayer: false,
    payerMatch: { state: 'matched', matchedBy: 'practitioner', suggestions: [] },
    insuranceType: 'group_health_plan',
    memberId: 'W123456789',
    groupNumber: 'G-100',
    planName: 'Open Access Plus',
    planId: null,
    relationship: 'self',
    subscriber: null,
    effectiveDate: '2026-01-01',
    endDate: null,
    copayCents: null,
    deductibleCents: null,
    employerOrSchool: null,
    attachments: [],
    cardCheck: [],
    review: { reasons: [] },
    coverageState: 'active',
    endedBy: null,
    overlap: false,
    clientEntered: null,
    reviewed: true,
    reviewedAt: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    createdBy: { kind: 'practitioner', id: 'U1' },
    updatedAt: '2026-01-01T10:00:00.000Z',
    version: 1,
    ...overrides,
  };
}
