import { existsSync, readFileSync } from 'node:fs';
import {
  ARS_CONTACTS,
  ARS_REGIONS,
  EMAIL_PATTERN,
  allArsContactEmails,
  getArsContacts,
  regionCodeFromLabel,
} from './ars-contacts';
import { ANNEX_ARS_ROWS, ANNEX_GRADES_ROWS } from './ars-contacts.data';

describe('ARS contacts reference', () => {
  it('covers the 18 ARS regions, keyed by INSEE code', () => {
    expect(ARS_REGIONS).toHaveLength(18);
    expect(Object.keys(ARS_CONTACTS).sort()).toEqual(
      ['01', '02', '03', '04', '06', '11', '24', '27', '28', '32', '44', '52', '53', '75', '76', '84', '93', '94'].sort(),
    );
  });

  it('has ARS referents for every region, as in the annex', () => {
    for (const region of Object.values(ARS_CONTACTS)) {
      expect(region.absentFromAnnex.ars).toBe(false);
      expect(region.ars.referents.length).toBeGreaterThanOrEqual(2);
    }
    const referents = Object.values(ARS_CONTACTS).flatMap((r) => r.ars.referents);
    expect(referents).toHaveLength(37);
    expect(Object.values(ARS_CONTACTS).flatMap((r) => r.ars.genericMailboxes)).toHaveLength(16);
  });

  it.each([
    ['28', 'Laurent VISEUR', 'Laurent.viseur@ars.sante.fr'],
    ['28', 'Olivier ANGOT', 'o.angot@normand-esante.fr'],
    ['93', 'Caroline TOROSSIAN', 'caroline.torossian@ars.sante.fr'],
    ['27', 'Claire-Hayat MERCHI', 'claire-hayat.merchi@ars.sante.fr'],
    ['27', 'Bertrand LE RHUN', 'Bertrand.LERHUN@ars.sante.fr'],
    ['84', 'Héloïse LAPLUME', 'heloise.LAPLUME@ars.sante.fr'],
    ['76', 'Christelle Miot', 'christelle.miot@ars.sante.fr'],
    ['06', 'Maxime-François OGIER', 'maxime-francois.ogier@ars.sante.fr'],
    ['04', 'Jordan NISCOISE', 'jordan.niscoise@ars.sante.fr'],
    ['11', 'Mohamed ELKHOMRI', 'mohamed.elkhomri@ars.sante.fr'],
    ['94', 'Michel SPELLA', 'michel.spella@ars.sante.fr'],
  ])('region %s has referent %s <%s>', (code, name, email) => {
    expect(getArsContacts(code)?.ars.referents).toContainEqual({ name, email });
  });

  it('rejoins generic mailboxes split by the extraction', () => {
    expect(getArsContacts('24')?.ars.genericMailboxes).toEqual([
      'ars-cvl-esms-numerique@ars.sante.fr',
      'esms.numerique@esante-centre.fr',
    ]);
    expect(getArsContacts('06')?.ars.genericMailboxes).toEqual(['ars-mayotte-medicosocial@ars.sante.fr']);
    expect(getArsContacts('75')?.ars.genericMailboxes).toEqual(['ars-na-esmsnumerique@ars.sante.fr']);
    expect(getArsContacts('02')?.ars.genericMailboxes).toEqual(['ars-martinique-offre-medico-sociale@ars.sante.fr']);
    expect(getArsContacts('11')?.ars.genericMailboxes).toEqual([]);
  });

  it('has GRADeS for 17 regions, Mayotte recorded as absent', () => {
    const withGrades = Object.values(ARS_CONTACTS).filter((r) => r.grades);
    expect(withGrades).toHaveLength(17);
    expect(getArsContacts('06')?.grades).toBeNull();
    expect(getArsContacts('06')?.absentFromAnnex.grades).toBe(true);
    expect(getArsContacts('04')?.grades?.name).toBe('TESIS');
    expect(getArsContacts('04')?.grades?.contacts.map((c) => c.email)).toEqual([
      'm.leroy@tesis.re',
      's.depeux@tesis.re',
      'p.lambert@tesis.re',
    ]);
    expect(getArsContacts('53')?.grades?.contacts).toContainEqual({
      name: 'Contact collectif SI médico-social',
      email: 'contact@collectif-si-ms.bzh',
    });
    expect(getArsContacts('11')?.grades).toMatchObject({ name: 'SESAN', contacts: [{ email: 'segur@sesan.fr' }] });
    expect(getArsContacts('27')?.grades?.website).toBe('https://www.esante-bfc.fr/services/segur-du-numerique-en-sante/');
    expect(getArsContacts('94')?.grades).toEqual({ name: 'Corse e-Santé', contacts: [] });
  });

  it('holds only valid e-mail addresses, without spaces or markup', () => {
    const emails = allArsContactEmails();
    expect(emails.length).toBe(37 + 16 + 13);
    for (const email of emails) {
      expect(email).toMatch(EMAIL_PATTERN);
    }
  });

  it('resolves region labels through the COG, rejecting unknown ones', () => {
    expect(regionCodeFromLabel('Centre – Val de Loire')).toBe('24');
    expect(regionCodeFromLabel('Réunion')).toBe('04');
    expect(regionCodeFromLabel('Grand-Est')).toBe('44');
    expect(() => regionCodeFromLabel('Rhône-Alpes')).toThrow(/Région inconnue/);
  });

  const seed = '/work/shared/seeds/004_29ea023aac872c6a.txt';
  (existsSync(seed) ? it : it.skip)('finds every transcribed address in the seed text (spaces and <u> tags removed)', () => {
    const squashed = readFileSync(seed, 'utf8').replace(/<\/?u>/g, '').replace(/\s+/g, '');
    const all = [
      ...ANNEX_ARS_ROWS.flatMap((r) => [...r.genericMailboxes, ...r.referents.map((x) => x.email)]),
      ...ANNEX_GRADES_ROWS.flatMap((r) => r.contacts.flatMap((c) => (c.email ? [c.email] : []))),
    ];
    for (const email of all) {
      expect(squashed.includes(email) ? email : `missing: ${email}`).toBe(email);
    }
  });
});
