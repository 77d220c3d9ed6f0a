import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderCms1500 } from '../../shared/cms1500.ts';
import { childClaim, secondaryClaim, secondaryClaimPaid, selfClaim, soloClaim, telehealthClaim } from '../support/claim-bundles.ts';
import { pdfPagesText } from '../support/pdf-text.ts';

const OPTIONS = { signedOn: '2026-03-10', createdAt: new Date('2026-03-10T14:05:09.000Z') };

async function formText(claim = selfClaim()) {
  const bytes = await renderCms1500(claim, OPTIONS);
  return { bytes, pages: pdfPagesText(bytes) };
}

describe('CMS-1500 (02/12) PDF', () => {
  it('is a one-page US Letter PDF that pdf-lib reads back', async () => {
    const { bytes } = await formText();
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const document = await PDFDocument.load(bytes);
    expect(document.getPageCount()).toBe(1);
    expect(document.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
  });

  it('carries every field the 837P carries, each in its numbered box', async () => {
    const { pages } = await formText(childClaim());
    const text = pages[0]!;
    for (const expected of [
      'HEALTH INSURANCE CLAIM FORM',
      'BLUE CROSS BLUE SHIELD OF OREGON', // carrier
      'PAYER ID 00851',
      '[X] GROUP HEALTH PLAN', // 1
      'M77889900', // 1a
      'MULLER, JAMIE', // 2 (accents dropped, as in the 837P)
      '02 03 2014   M [X]  F [ ]', // 3
      'MULLER, CHRIS', // 4
      '9 OAK AVE', // 5 and 7
      'BEAVERTON, OR 97005',
      '[X] CHILD', // 6
      'FAMILY PPO', // 11c
      '11 30 1982   M [ ]  F [ ]  (UNKNOWN)', // 11a
      '[ ] YES  [X] NO', // 11d
      'A. F90.2', // 21
      'B. Z63.8',
      '03 03 2026', // 24A
      '90847', // 24D
      'HO',
      'AB', // 24E pointers as letters
      '150.50', // 24F and 28
      '1679576722', // 24J rendering NPI
      '101YM0800X', // 24J shaded taxonomy
      '12-3456789   SSN [ ]  EIN [X]', // 25
      '00000000000000000002', // 26 = CLM01
      'DANA OKAFOR', // 31
      'HARBOR COUNSELING GROUP', // 33
      '200 HARBOR WAY, SUITE 4',
      'PORTLAND, OR 97201-1234',
      '1245319599', // 33a
      'ZZ 261QM0801X', // 33b
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('names the other coverage of a secondary claim in boxes 9, 9a, 9d and 11d', async () => {
    const text = (await formText(secondaryClaim())).pages[0]!;
    expect(text).toContain('SECONDARY');
    expect(text).toContain('[X] MEDICAID');
    expect(text).toContain('M77889900'); // 9a: the primary's member ID
    expect(text).toContain('BLUE CROSS BLUE SHIELD OF OREGON - FAMILY PPO (00851)'); // 9d
    expect(text).toContain('[X] YES  [ ] NO');
  });

  it('box 29 (amount paid) carries the Primary’s payment on a secondary claim, and stays empty otherwise', async () => {
    expect((await formText(secondaryClaimPaid())).pages[0]).toMatch(/29\. AMOUNT PAID[\s\S]*70\.00/);
    expect((await formText(secondaryClaim())).pages[0]).not.toContain('70.00');
  });

  it('box 25 marks an SSN as an SSN (a solo practitioner billing under their own), as the 837P sends REF*SY', async () => {
    expect((await formText(soloClaim())).pages[0]).toContain('123-45-6789   SSN [X]  EIN [ ]');
  });

  it('box 32 names the office for an in-office visit, not telehealth', async () => {
    const text = (await formText(selfClaim())).pages[0]!;
    expect(text).not.toContain('TELEHEALTH');
    expect(text).toMatch(/32\. SERVICE FACILITY LOCATION INFORMATION[\s\S]*HARBOR COUNSELING GROUP/);
  });

  it('writes telehealth POS, several lines with modifiers and pointers; box 32 says telehealth', async () => {
    const text = (await formText(telehealthClaim('02'))).pages[0]!;
    expect(text).toContain('TELEHEALTH (POS 02)');
    expect(text).toContain('59 XU 95 GT');
    expect(text).toContain('BCDE');
    expect(text).toContain('215.75');
  });

  it('continues a claim of more than six lines on a second page, total on the last', async () => {
    const base = telehealthClaim();
    const lines = Array.from({ length: 8 }, (_, index) => ({ ...base.serviceLines[0]!, chargeCents: 1000 + index }));
    const { pages, bytes } = await formText({ ...base, serviceLines: lines });
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    expect(pages[0]).toContain('PAGE 1 OF 2');
    expect(pages[0]).toContain('CONTINUED');
    expect(pages[1]).toContain('PAGE 2 OF 2');
    expect(pages[1]).toContain('80.28');
  });
});
