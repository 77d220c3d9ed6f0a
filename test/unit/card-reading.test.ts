import { describe, expect, it } from 'vitest';
import { extractCardFields, parseIdentifier, type OcrLine } from '../../shared/card-reading/extract-fields.ts';
import { cardPayerMatcher } from '../../shared/card-reading/payer.ts';
import { parseCardDate } from '../../shared/card-reading/values.ts';

/** An OCR line at a place on a 1800-px-wide card (rows 40 px apart, text 30 px tall). */
const line = (text: string, row: number, column = 0, confidence = 95, rowGap = 80): OcrLine => ({
  text,
  confidence,
  box: { x0: 70 + column * 500, y0: 100 + row * rowGap, x1: 70 + column * 500 + text.length * 18, y1: 130 + row * rowGap },
});
/** Small label rows with their values just under them. */
const tight = (text: string, row: number, column = 0) => line(text, row, column, 95, 50);

const payers = cardPayerMatcher(
  ['Aetna', 'Cigna', 'UnitedHealthcare', 'Blue Cross Blue Shield of Texas', 'Kaiser Permanente'].map((name, index) => ({
    payerId: `p${index}`,
    name,
    aliases: [],
    active: true,
  })),
);

describe('card fields anchored on their labels', () => {
  it('reads "Label: value" lines, an Rx box and the member-services phone, not the pharmacy help desk', () => {
    const fields = extractCardFields(
      [
        line('aetna', 0),
        line('Bronze EPO', 0, 2),
        line('Name: JAMES LEE', 1),
        line('ID#: W596564236', 2),
        line('Group: E533111', 3),
        line('Rx BIN 610014', 3, 2),
        line('Effective Date: 06/01/23', 4),
        line('PCN HUMANA', 4, 2),
        line('RxGRP RRSD', 5, 2),
        line('Questions? Call 877-659-2430', 8),
        line('Pharmacist Help Desk 1-800-551-3941', 9),
      ],
      { matchPayerName: payers },
    );
    expect(fields).toEqual({
      payerName: 'Aetna',
      planName: 'Bronze EPO',
      subscriberName: 'JAMES LEE',
      memberId: 'W596564236',
      groupNumber: 'E533111',
      rxBin: '610014',
      rxPcn: 'HUMANA',
      rxGroup: 'RRSD',
      effectiveDate: '2023-06-01',
      payerPhone: '8776592430',
    });
  });

  it('reads values under a row of labels (column layout) and beside a label column', () => {
    expect(
      extractCardFields([
        tight('MEMBER ID', 1),
        tight('GROUP NUMBER', 1, 2),
        tight('JNY372857396', 2),
        tight('384851', 2, 2),
        tight('RXBIN', 3),
        tight('RXPCN', 3, 1),
        tight('RX GROUP', 3, 2),
        tight('610455', 4),
        tight('HUMANA', 4, 1),
        tight('281126', 4, 2),
      ]),
    ).toEqual({ memberId: 'JNY372857396', groupNumber: '384851', rxBin: '610455', rxPcn: 'HUMANA', rxGroup: '281126' });
    expect(
      extractCardFields([line('Subscriber ID', 1), line('60058475045', 1, 1), line('Coverage Effective', 2), line('05/03/24', 2, 1)]),
    ).toEqual({
      memberId: '60058475045',
      effectiveDate: '2024-05-03',
    });
  });

  it('fixes letter/digit confusions only where the shape says which it must be', () => {
    expect(extractCardFields([line('BIN: 61O4S5', 1)])).toEqual({ rxBin: '610455' });
    // In an ID's digit run an O is a zero and an l a one; the letters of its prefix stay letters.
    expect(parseIdentifier('H0337814O', { min: 5, max: 17, minDigits: 4 })).toBe('H03378140');
    expect(parseIdentifier('FMS3632252I2', { min: 5, max: 17, minDigits: 4 })).toBe('FMS363225212');
    // IDs do hold letters inside: a B among digits is kept.
    expect(parseIdentifier('08847B4', { min: 3, max: 15, minDigits: 2 })).toBe('08847B4');
    // What OCR makes of the label "ID": "1D", and a speck before it.
    expect(extractCardFields([line('1D: XET574426508', 1)])).toEqual({ memberId: 'XET574426508' });
    expect(extractCardFields([line('1ID#: W596564236', 1)])).toEqual({ memberId: 'W596564236' });
  });

  it('invents nothing: no labels, no fields; a value of the wrong shape or read with low confidence is left out', () => {
    expect(extractCardFields([line('Deductible $1,500 Coins 20%', 1), line('www.example-health.com', 2)])).toEqual({});
    expect(extractCardFields([line('Group: $25 copay', 1), line('BIN: 61045', 2), line('Effective: soon', 3)])).toEqual({});
    expect(extractCardFields([line('Member ID: W596564236', 1, 0, 30)])).toEqual({});
    expect(extractCardFields([line('Name: 12345', 1)])).toEqual({});
    // An unknown logo read as garbage is not a payer; a payer the practice lacks is kept only when cleanly read.
    expect(extractCardFields([line('SICH) Seman cute', 0, 0, 24), line('Name: DAVID BROWN', 3)], { matchPayerName: payers })).toEqual({
      subscriberName: 'DAVID BROWN',
    });
  });

  it('recognises a practice payer in a misread or broken logo line, in the practice spelling', () => {
    expect(extractCardFields([line('Actna', 0, 0, 84), line('Name: JOHN GARCIA', 3)], { matchPayerName: payers }).payerName).toBe('Aetna');
    expect(
      extractCardFields([line('Blue Cross Blue Shield of', 0), line('Texas', 1, 0, 60), line('Name: KEVIN LEE', 4)], {
        matchPayerName: payers,
      }).payerName,
    ).toBe('Blue Cross Blue Shield of Texas');
  });

  it('follows a tilted card: rows go along the text slope', () => {
    const tilt = (text: string, x0: number, y0: number): OcrLine => ({
      text,
      confidence: 95,
      box: { x0, y0, x1: x0 + 300, y1: y0 + 30 },
      baseline: { x0, y0: y0 + 28, x1: x0 + 300, y1: y0 + 28 + 300 * 0.07 },
    });
    // 4° tilt: the value of "Name" sits 30 px lower than its label, level with the next label.
    const fields = extractCardFields([
      tilt('Name', 70, 100),
      tilt('LINDA S RODRIGUEZ', 500, 130),
      tilt('Subscriber ID', 70, 170),
      tilt('60058475045', 500, 200),
    ]);
    expect(fields).toEqual({ subscriberName: 'LINDA S RODRIGUEZ', memberId: '60058475045' });
  });
});

describe('card reading rules added from the measured failures', () => {
  it('joins an ID whose prefix is printed apart ("PYC 776987206") and reads a colon OCR saw as ";" or ","', () => {
    expect(extractCardFields([line('Member ID', 1), line('PYC 776987206', 1, 1)])).toEqual({ memberId: 'PYC776987206' });
    expect(extractCardFields([line('ID No.; TX313305154', 1), line('Rx BIN: 004336 RxPCN; 9999 RxGroup, 081852', 2)])).toEqual({
      memberId: 'TX313305154',
      rxBin: '004336',
      rxPcn: '9999',
      rxGroup: '081852',
    });
    // OCR doubles the x of "RxPCN".
    expect(extractCardFields([line('RXxPCN: CIHSPROD', 1)])).toEqual({ rxPcn: 'CIHSPROD' });
  });

  it('reads labels as OCR misreads them in small print: Rx with one wrong letter, ID as 1ID / 10 / IDs', () => {
    expect(
      extractCardFields([
        tight('RXBIN', 1),
        tight('RXPCN', 1, 1),
        tight('BXGRP', 1, 2),
        tight('017010', 2),
        tight('HUMANA', 2, 1),
        tight('303970', 2, 2),
      ]),
    ).toEqual({ rxBin: '017010', rxPcn: 'HUMANA', rxGroup: '303970' });
    expect(extractCardFields([line('RaBiN 011552', 1), line('RiGRP: RX1657', 2)])).toEqual({ rxBin: '011552', rxGroup: 'RX1657' });
    expect(extractCardFields([line('Member 1ID#: OSC03848971', 1)])).toEqual({ memberId: 'OSC03848971' });
    expect(extractCardFields([tight('MEMBER IDs', 1), tight('W834006323', 2)])).toEqual({ memberId: 'W834006323' });
    expect(extractCardFields([line('10', 1), line('AAG 711941713', 1, 1)])).toEqual({ memberId: 'AAG711941713' });
    expect(extractCardFields([line('Customer Care 888,754.3065', 1)])).toEqual({ payerPhone: '8887543065' });
  });

  it('invents nothing from a "10" that is not a whole line, nor an "Rx Group" taken for a "Group"', () => {
    expect(extractCardFields([line('Copay: Office $10 / ER $150', 1), line('10/01/2025 12345678', 2)])).toEqual({});
    expect(extractCardFields([line('RX GROUP 461656', 1)])).toEqual({ rxGroup: '461656' });
  });

  it('reads bilingual labels (Medicare cards) from the value under them, not the translation', () => {
    expect(
      extractCardFields([
        tight('Name/Nombre', 1),
        tight('PATRICIA PATEL', 2),
        tight('Medicare Number/Numero de Medicare', 3),
        tight('4RP3-A53-FN67', 4),
        tight('Entitled to/Con derecho a', 5),
        tight('Coverage starts/Cobertura empieza', 5, 2),
        tight('HOSPITAL (PART A)', 6),
        tight('03-01-2026', 6, 2),
      ]),
    ).toEqual({ subscriberName: 'PATRICIA PATEL', memberId: '4RP3A53FN67', effectiveDate: '2026-03-01' });
  });

  it('reads a Medicare ID (MBI) by its shape: letters an MBI never holds are the digits they look like', () => {
    const id = (text: string) => parseIdentifier(text, { min: 5, max: 17, minDigits: 4 });
    expect(id('1EG4TESMK73')).toBe('1EG4TE5MK73');
    expect(id('4RP3AS3FN6Z')).toBe('4RP3A53FN62');
    expect(id('SHM0F10EA24')).toBe('5HM0F10EA24');
    expect(id('3XE7R79PES0')).toBe('3XE7R79PE50');
    // Not an MBI's shape (a letter where a digit must be): read by the general rules, or not at all.
    expect(id('4BRXA36UW72')).toBe('4BRXA36UW72');
    expect(id('4BROA36UW72')).toBeUndefined();
  });

  it('invents nothing: an O between an ID prefix and its digits could be either, so the ID stays empty', () => {
    expect(parseIdentifier('JFO8008079X', { min: 5, max: 17, minDigits: 4 })).toBeUndefined();
    expect(parseIdentifier('HO03378148', { min: 5, max: 17, minDigits: 4 })).toBeUndefined();
    // A prefix ending in another letter is not ambiguous.
    expect(parseIdentifier('OSC03848971', { min: 5, max: 17, minDigits: 4 })).toBe('OSC03848971');
  });

  it('invents nothing: digit-only values read with middling confidence are left out (phone, group, PCN)', () => {
    expect(extractCardFields([line('Member Services (888) 568-8252', 1, 0, 65)])).toEqual({});
    expect(extractCardFields([line('Member Services (888) 568-8252', 1, 0, 85)])).toEqual({ payerPhone: '8885688252' });
    expect(extractCardFields([line('RxPCN AD', 1, 0, 55)])).toEqual({});
  });

  it('takes the logo of a payer the practice lacks when it is the first line, in the largest type, cleanly read', () => {
    const big = (text: string, row: number, confidence = 95): OcrLine => ({
      text,
      confidence,
      box: { x0: 70, y0: 40 + row * 80, x1: 70 + text.length * 30, y1: 100 + row * 80 },
    });
    const card = (logo: OcrLine) => [logo, line('Name: JAMES ANDERSON', 2), line('Member ID: 741923385', 3), line('Group: 0571708', 4)];
    expect(extractCardFields(card(big('WellCare', 0)), { matchPayerName: payers }).payerName).toBe('WellCare');
    expect(extractCardFields(card(big('EmblemHealth', 0)), { matchPayerName: payers }).payerName).toBe('EmblemHealth');
    // Not: an abbreviation, half a name cut at the edge, a line read with doubt, a plan line, type of body size.
    expect(extractCardFields(card(big('IBX', 0)), { matchPayerName: payers }).payerName).toBeUndefined();
    expect(extractCardFields(card(big('iser Permanente', 0)), { matchPayerName: payers }).payerName).toBeUndefined();
    expect(extractCardFields(card(line('over Health', 0)), { matchPayerName: payers }).payerName).toBeUndefined();
    expect(extractCardFields(card(line('Clover Health', 0)), { matchPayerName: payers }).payerName).toBe('Clover Health');
    expect(extractCardFields(card(big('WellCare', 0, 70)), { matchPayerName: payers }).payerName).toBeUndefined();
    expect(extractCardFields(card(big('Gold HMO Plus', 0)), { matchPayerName: payers }).payerName).toBeUndefined();
    expect(extractCardFields(card(line('WellCare', 0)), { matchPayerName: payers }).payerName).toBeUndefined();
    // A name in large type below the first line is a subscriber whose label was lost, not the payer.
    expect(
      extractCardFields([line('EmblemHealth', 0, 0, 90), big('CARLOS TRAN', 1), line('Group: 0571708', 3), line('PCP $30', 4)], {
        matchPayerName: payers,
      }).payerName,
    ).toBeUndefined();
  });

  it('recognises a practice payer in a logo line read with a stray mark before it', () => {
    expect(
      extractCardFields([line('LHumana', 0, 0, 0), line('Name: DAVID OCONNOR', 3)], {
        matchPayerName: cardPayerMatcher([{ payerId: 'h', name: 'Humana', aliases: [], active: true }]),
      }).payerName,
    ).toBe('Humana');
  });

  it('reads a payer whose name holds words that start a label elsewhere ("Behavioral Health")', () => {
    const optum = cardPayerMatcher([{ payerId: 'o', name: 'Optum Behavioral Health', aliases: [], active: true }]);
    expect(
      extractCardFields([line('Optum Behavioral Health', 0), line('Subscriber: MARIA J DUBOIS', 2)], { matchPayerName: optum }),
    ).toEqual({
      payerName: 'Optum Behavioral Health',
      subscriberName: 'MARIA J DUBOIS',
    });
    // At the start of a line, or before a colon, it is still a label whose value is no field.
    expect(extractCardFields([line('Behavioral Health: 1-800-555-0199', 3)])).toEqual({});
  });

  it('keeps a logo split by OCR in one piece: half a name is never the payer', () => {
    expect(
      extractCardFields([line('Wellmark Blue Cross', 0), line('Blue Shield', 0, 1), line('Name: JOHN COHEN', 2)], {
        matchPayerName: payers,
      }).payerName,
    ).toBe('Wellmark Blue Cross Blue Shield');
    expect(
      extractCardFields([line('Blue Cross Blue Shield of', 0), line('Illinois', 0, 1, 45), line('Name: DAVID THOMPSON', 2)], {
        matchPayerName: payers,
      }).payerName,
    ).toBeUndefined();
  });
});

describe('card dates', () => {
  it.each([
    ['06/01/23', '2023-06-01'],
    ['6/1/2023', '2023-06-01'],
    ['2026-07-03', '2026-07-03'],
    ['Feb 1, 2026', '2026-02-01'],
    ['01-JUN-2023', '2023-06-01'],
    ['Sept. 3, 2025', '2025-09-03'],
    ['3 September 2025', '2025-09-03'],
    ['March 2024', '2024-03-01'],
    ['13/45/23', undefined],
    ['$1,500', undefined],
  ])('%s → %s', (text, iso) => {
    expect(parseCardDate(text)).toBe(iso);
  });
});
