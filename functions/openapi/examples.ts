/**
 * One realistic request body per route that takes one, shown in the OpenAPI document next to the schema.
 * test/unit/openapi.test.ts checks that each is accepted by the route's zod schema and by the document's JSON
 * Schema, and that no route with a body lacks one.
 */
import type { RouteId } from '../routes.ts';

const address = { line1: '12 Harbor Street', city: 'Portland', state: 'ME', postalCode: '04101' };

export const requestExamples: Partial<Record<RouteId, unknown>> = {
  acceptInvitation: { token: 'kQ3v9Zr1mX7pL2sT8wYb4nC6dF0hJ5aE', password: 'Harbor-light-42!' },
  checkInvitation: { token: 'kQ3v9Zr1mX7pL2sT8wYb4nC6dF0hJ5aE' },
  inviteTeamMember: {
    email: 'sam.okafor@example.com',
    givenName: 'Sam',
    familyName: 'Okafor',
    role: 'practitioner',
    npi: '1234567893',
    taxonomyCode: '101YP2500X',
  },
  updateTeamMember: { role: 'admin', enabled: true, version: 1 },
  updateSettings: { collectInsurance: true, cardImages: 'front_and_back', version: 3 },
  createPayer: { name: 'Aetna', ediPayerId: '60054', aliases: ['Aetna Health'] },
  updatePayer: { aliases: ['Aetna Health', 'Aetna Inc'], version: 2 },
  createClient: { firstName: 'Maria', lastName: 'Lopez', email: 'maria.lopez@example.com', dateOfBirth: '1988-04-17' },
  updateClient: { insuranceCollection: 'on', version: 4 },
  sendInvitation: { insuranceCollection: 'inherit', language: 'es' },
  createPracticeUpload: { fileName: 'card-front.jpg', contentType: 'image/jpeg', size: 482133, side: 'front' },
  createPracticePolicy: {
    priority: 'primary',
    payerId: 'pay_01HZX4',
    insuranceType: 'group_health_plan',
    memberId: 'W123456789',
    groupNumber: '0012345',
    relationship: 'self',
    effectiveDate: '2026-01-01',
    copayCents: 2500,
  },
  updatePolicy: { payerId: 'pay_01HZX4', reviewed: true, version: 2 },
  createClaim: {
    dateOfService: '2026-03-02',
    policyId: 'pol_01HZY2',
    serviceLines: [{ procedureCode: '90837', units: 1, chargeCents: 15000 }],
    diagnosisCodes: ['F41.1'],
  },
  updateClaim: {
    placeOfService: '11',
    serviceLines: [{ procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 15000, diagnosisPointers: [1] }],
    renderingPractitionerId: 'usr_01HZY7',
    version: 2,
  },
  createClaimExport: { claimIds: ['clm_01HZZ3', 'clm_01HZZ4'] },
  updatePortalIntake: { insurance: 'skipped' },
  updatePortalMe: { language: 'es' },
  createPortalUpload: { fileName: 'IMG_2041.HEIC', contentType: 'image/heic', size: 1834002, side: 'back' },
  createPortalPolicy: {
    priority: 'primary',
    payerName: 'Blue Cross Blue Shield of Maine',
    memberId: 'XYZ123456789',
    relationship: 'spouse',
    subscriber: { firstName: 'Daniel', lastName: 'Lopez', dateOfBirth: '1986-09-30', sex: 'male', address },
    effectiveDate: '2026-02-01',
    attachmentIds: ['att_01HZZ0'],
  },
};
