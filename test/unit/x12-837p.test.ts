import { X12Parser, type X12Interchange } from 'node-x12';
import { describe, expect, it } from 'vitest';
import type { ClaimBundle } from '../../shared/claim-bundle.ts';
import { amount, generate837P, X12GenerationError, type InterchangeOptions } from '../../shared/x12-837p.ts';
import {
  childClaim,
  EXPORT_AT,
  secondaryClaim,
  secondaryClaimPaid,
  secondaryClaimPaidByLine,
  selfClaim,
  soloClaim,
  telehealthClaim,
} from '../support/claim-bundles.ts';
import { cobAmounts, segmentsOf, verifyWithThirdPartyParser } from '../support/x12.ts';

const OPTIONS: InterchangeOptions = { interchangeControlNumber: 42, batchReference: 'EXP01', createdAt: EXPORT_AT };

/** The envelope and billing-provider segments every file starts with (this practice, these options). */
const HEAD = [
  'ISA*00*          *00*          *ZZ*HARBOR01       *ZZ*CLEARHOUSE     *260310*1405*^*00501*000000042*0*P*:',
  'GS*HC*HARBOR01*CLEARHOUSE*20260310*1405*42*X*005010X222A1',
  'ST*837*0001*005010X222A1',
  'BHT*0019*00*EXP01*20260310*1405*CH',
  'NM1*41*2*HARBOR COUNSELING GROUP*****46*HARBOR01',
  'PER*IC*HARBOR COUNSELING GROUP*TE*5035550100',
  'NM1*40*2*CLEAR CLAIMS EXCHANGE*****46*CLEARHOUSE',
  'HL*1**20*1',
  'PRV*BI*PXC*261QM0801X',
  'NM1*85*2*HARBOR COUNSELING GROUP*****XX*1245319599',
  'N3*200 HARBOR WAY*SUITE 4',
  'N4*PORTLAND*OR*972011234',
  'REF*EI*123456789',
];

const RENDERING_2310B = ['NM1*82*1*OKAFOR*DANA****XX*1679576722', 'PRV*PE*PXC*101YM0800X'];

function generated(claims: ClaimBundle[], options: Partial<InterchangeOptions> = {}): { text: string; interchange: X12Interchange } {
  const text = generate837P(claims, { ...OPTIONS, ...options });
  return { text, interchange: verifyWithThirdPartyParser(text) };
}

describe('837P generator (005010X222A1), segment by segment', () => {
  it('writes a claim for a client who is the subscriber: no patient loop, SBR02 18, DMG on the subscriber', () => {
    const { text } = generated([selfClaim()]);
    expect(segmentsOf(text)).toEqual([
      ...HEAD,
      'HL*2*1*22*0',
      'SBR*P*18*G-100******CI',
      'NM1*IL*1*RIVERA*ALEX****MI*W123456789',
      'N3*12 ELM ST',
      'N4*PORTLAND*OR*97202',
      'DMG*D8*19850714*F',
      'NM1*PR*2*AETNA*****PI*60054',
      'CLM*00000000000000000001*120***11:B:1*Y*A*Y*Y',
      'HI*ABK:F411',
      ...RENDERING_2310B,
      'LX*1',
      'SV1*HC:90834*120*UN*1***1',
      'DTP*472*D8*20260303',
      'SE*26*0001',
      'GE*1*42',
      'IEA*1*000000042',
    ]);
  });

  it('writes a child insured by a parent: subscriber HL with a child, PAT*19, the patient in 2010CA', () => {
    const { text } = generated([childClaim()]);
    expect(segmentsOf(text).slice(HEAD.length)).toEqual([
      'HL*2*1*22*1',
      // No group number: the plan name goes into SBR04; no SBR02 because the patient is not the subscriber.
      'SBR*P***FAMILY PPO*****CI',
      'NM1*IL*1*MULLER*CHRIS****MI*M77889900',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'DMG*D8*19821130*U',
      'NM1*PR*2*BLUE CROSS BLUE SHIELD OF OREGON*****PI*00851',
      'HL*3*2*23*0',
      'PAT*19',
      'NM1*QC*1*MULLER*JAMIE',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'DMG*D8*20140203*M',
      'CLM*00000000000000000002*150.5***11:B:1*Y*A*Y*Y',
      'HI*ABK:F902*ABF:Z638',
      ...RENDERING_2310B,
      'LX*1',
      'SV1*HC:90847:HO*150.5*UN*1***1:2',
      'DTP*472*D8*20260303',
      'SE*32*0001',
      'GE*1*42',
      'IEA*1*000000042',
    ]);
  });

  it('writes a secondary claim: SBR01 S, then the primary payer in 2320/2330A/2330B before the lines', () => {
    const { text } = generated([secondaryClaim()]);
    const segments = segmentsOf(text).slice(HEAD.length);
    expect(segments.slice(0, 7)).toEqual([
      'HL*2*1*22*0',
      'SBR*S*18*******MC',
      'NM1*IL*1*MULLER*JAMIE****MI*OR-MCD-5566',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'DMG*D8*20140203*M',
      'NM1*PR*2*OREGON MEDICAID*****PI*ORDHS',
    ]);
    const clm = segments.findIndex((segment) => segment.startsWith('CLM*'));
    expect(segments.slice(clm, clm + 13)).toEqual([
      'CLM*00000000000000000003*120***11:B:1*Y*A*Y*Y',
      'HI*ABK:F902',
      ...RENDERING_2310B,
      // 2320: the other subscriber is the parent (the patient is their child), primary, commercial.
      'SBR*P*19**FAMILY PPO*****CI',
      'OI***Y***Y',
      // 2330A other subscriber, 2330B other payer
      'NM1*IL*1*MULLER*CHRIS****MI*M77889900',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'NM1*PR*2*BLUE CROSS BLUE SHIELD OF OREGON*****PI*00851',
      'LX*1',
      'SV1*HC:90834*120*UN*1***1',
      'DTP*472*D8*20260303',
    ]);
  });

  it('writes the Primary’s claim-level adjudication: 2320 CAS per group, AMT*D, AMT*EAF; 2330B DTP*573', () => {
    const { text } = generated([secondaryClaimPaid()]);
    const segments = segmentsOf(text);
    const sbr = segments.indexOf('SBR*P*19**FAMILY PPO*****CI');
    expect(segments.slice(sbr)).toEqual([
      'SBR*P*19**FAMILY PPO*****CI',
      'CAS*CO*45*30',
      // Both patient-responsibility reasons in one CAS: each group once per loop, up to six reason trios.
      'CAS*PR*1*15**2*5',
      'AMT*D*70',
      'AMT*EAF*20',
      'OI***Y***Y',
      'NM1*IL*1*MULLER*CHRIS****MI*M77889900',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'NM1*PR*2*BLUE CROSS BLUE SHIELD OF OREGON*****PI*00851',
      // Adjudicated as a whole (no 2430): the remittance date goes on the other payer.
      'DTP*573*D8*20260320',
      'LX*1',
      'SV1*HC:90834*120*UN*1***1',
      'DTP*472*D8*20260303',
      'SE*37*0001',
      'GE*1*42',
      'IEA*1*000000042',
    ]);
  });

  it('writes the Primary’s line-level adjudication in 2430 under each line: SVD, CAS, DTP*573', () => {
    const { text, interchange } = generated([secondaryClaimPaidByLine()]);
    const segments = segmentsOf(text);
    const sbr = segments.indexOf('SBR*P*19**FAMILY PPO*****CI');
    expect(segments.slice(sbr)).toEqual([
      'SBR*P*19**FAMILY PPO*****CI',
      'AMT*D*100',
      'AMT*EAF*15',
      'OI***Y***Y',
      'NM1*IL*1*MULLER*CHRIS****MI*M77889900',
      'N3*9 OAK AVE',
      'N4*BEAVERTON*OR*97005',
      'NM1*PR*2*BLUE CROSS BLUE SHIELD OF OREGON*****PI*00851',
      'LX*1',
      'SV1*HC:90834*120*UN*1***1',
      'DTP*472*D8*20260303',
      // SVD01 is the other payer's ID of 2330B NM109; SVD05 the units it paid.
      'SVD*00851*80*HC:90834**1',
      'CAS*CO*45*25',
      'CAS*PR*2*15',
      'DTP*573*D8*20260320',
      'LX*2',
      'SV1*HC:90785:95*25*UN*1***1',
      'DTP*472*D8*20260303',
      'SVD*00851*20*HC:90785:95**1',
      'CAS*CO*45*5',
      'DTP*573*D8*20260320',
      'SE*44*0001',
      'GE*1*42',
      'IEA*1*000000042',
    ]);
    // SE01 counts ST through SE, as the third-party parser (strict) agrees.
    const st = segments.findIndex((segment) => segment.startsWith('ST*'));
    const se = segments.findIndex((segment) => segment.startsWith('SE*'));
    expect(se - st + 1).toBe(44);
    expect(Number(interchange.functionalGroups[0]!.transactions[0]!.trailer.valueOf(1))).toBe(44);
  });

  it('balances: the Primary’s paid amount and every adjustment add up to the claim’s charge (CLM02)', () => {
    for (const [claim, charge] of [
      [secondaryClaimPaid(), 120],
      [secondaryClaimPaidByLine(), 145],
    ] as const) {
      const { charge: clm02, paid, adjusted } = cobAmounts(segmentsOf(generate837P([claim], OPTIONS)));
      expect(clm02).toBe(charge);
      expect(paid).toBeDefined();
      expect(paid! + adjusted).toBeCloseTo(clm02, 2);
    }
  });

  it('writes no adjudication on a primary claim, nor on an older stored bundle without it', () => {
    const paidButPrimary = { ...secondaryClaimPaid(), otherCoverage: null };
    expect(generate837P([paidButPrimary], OPTIONS)).not.toMatch(/~(AMT|CAS|SVD)\*/);
    const { primaryAdjudication: _none, ...older } = secondaryClaimPaid();
    expect(generate837P([older], OPTIONS)).toBe(generate837P([secondaryClaim()], OPTIONS));
  });

  it.each(['02', '10'] as const)('writes telehealth POS %s with several lines, up to four modifiers and four pointers', (pos) => {
    const { text } = generated([telehealthClaim(pos)]);
    const segments = segmentsOf(text);
    const clm = segments.findIndex((segment) => segment.startsWith('CLM*'));
    expect(segments.slice(clm)).toEqual([
      `CLM*00000000000000000004*215.75***${pos}:B:1*Y*A*Y*Y`,
      'HI*ABK:F331*ABF:F411*ABF:Z9189*ABF:G4700*ABF:F4310',
      ...RENDERING_2310B,
      'LX*1',
      'SV1*HC:90837:95*180*UN*1***1:2',
      'DTP*472*D8*20260303',
      'LX*2',
      'SV1*HC:90785:95:GT*25.75*UN*1***1',
      'DTP*472*D8*20260303',
      'LX*3',
      'SV1*HC:96127:59:XU:95:GT*10*UN*2***2:3:4:5',
      'DTP*472*D8*20260303',
      'SE*32*0001',
      'GE*1*42',
      'IEA*1*000000042',
    ]);
  });

  it('leaves out 2310B when the rendering practitioner is the billing provider, and sends an SSN as REF*SY', () => {
    const { text } = generated([soloClaim()]);
    const segments = segmentsOf(text);
    expect(segments).toContain('REF*SY*123456789');
    expect(segments.some((segment) => segment.startsWith('NM1*82*'))).toBe(false);
    // Without a submitter ID the billing NPI identifies the sender.
    expect(segments[0]).toContain('*ZZ*1679576722     *');
  });

  it('puts every claim of an export under one billing provider HL, numbering HLs in order', () => {
    const claims = [selfClaim(), childClaim(), secondaryClaim(), telehealthClaim()];
    const { text, interchange } = generated(claims);
    const hls = segmentsOf(text).filter((segment) => segment.startsWith('HL*'));
    expect(hls).toEqual(['HL*1**20*1', 'HL*2*1*22*0', 'HL*3*1*22*1', 'HL*4*3*23*0', 'HL*5*1*22*0', 'HL*6*1*22*0']);
    expect(segmentsOf(text).filter((segment) => segment.startsWith('CLM*'))).toHaveLength(4);
    expect(interchange.functionalGroups[0]!.transactions).toHaveLength(1);
  });

  it('uses the separators it is given, and keeps them out of the data', () => {
    const claim = selfClaim({
      patient: { ...selfClaim().patient, lastName: 'Rivera|Smith>Jr' },
      coverage: { ...selfClaim().coverage, subscriber: selfClaim().patient },
    });
    const separators = { element: '|', component: '>', segment: '\n', repetition: '!' } as const;
    const text = generate837P([claim], { ...OPTIONS, separators });
    expect(text.split('\n')[0]).toMatch(/^ISA\|00\|.*\|!\|00501\|000000042\|0\|P\|>$/);
    expect(text).toContain('NM1|IL|1|RIVERA SMITH JR|ALEX||||MI|W123456789\n');
    expect(text).toContain('SV1|HC>90834|120|UN|1|||1\n');
    verifyWithThirdPartyParser(text);
  });

  it('refuses what cannot make a valid interchange', () => {
    expect(() => generate837P([], OPTIONS)).toThrow(X12GenerationError);
    expect(() => generate837P([selfClaim(), soloClaim()], OPTIONS)).toThrow(/same billing provider/);
    expect(() => generate837P([selfClaim()], { ...OPTIONS, interchangeControlNumber: 1_000_000_000 })).toThrow(/ISA13/);
    expect(() => generate837P([selfClaim()], { ...OPTIONS, separators: { element: ':' } })).toThrow(/distinct/);
  });

  it('writes amounts as X12 decimals without trailing zeros', () => {
    expect([0, 5, 50, 12000, 12050, 12055, 100_000_000].map(amount)).toEqual(['0', '0.05', '0.5', '120', '120.5', '120.55', '1000000']);
  });

  it('is parsed by node-x12 in strict mode: control numbers and the SE count agree', () => {
    const { interchange } = generated([selfClaim(), childClaim()], { interchangeControlNumber: 987_654_321, groupControlNumber: 7 });
    expect(interchange.header.valueOf(13)).toBe('987654321');
    expect(interchange.trailer.valueOf(2)).toBe('987654321');
    const group = interchange.functionalGroups[0]!;
    expect(group.header.valueOf(6)).toBe('7');
    expect(group.trailer.valueOf(2)).toBe('7');
    const transaction = group.transactions[0]!;
    expect(transaction.header.valueOf(1)).toBe('837');
    expect(transaction.header.valueOf(3)).toBe('005010X222A1');
    expect(Number(transaction.trailer.valueOf(1))).toBe(transaction.segments.length + 2);
  });

  it('a file with a wrong SE count is refused by the same parser (the check can fail)', () => {
    const text = generate837P([selfClaim()], OPTIONS).replace('SE*26*0001', 'SE*27*0001');
    expect(() => new X12Parser(true).parse(text)).toThrow(/SE01/);
  });
});
