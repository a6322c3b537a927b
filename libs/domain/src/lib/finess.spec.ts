import fc from 'fast-check';
import {
  checkFiness,
  departementsOfRegion,
  generateFinessKey,
  isOverseasOrCorse,
  REGIONS,
  regionOfDepartement,
} from './finess';

// Real numbers from shared/data/finess/sample-structures.json (EJ and ET).
const SAMPLE = [
  '010000339', '010780906', '010006401', '010000347', '010780914', '010000354', '010780922',
  '010000255', '010780575', '010008183', '010011914', '010790061', '010000156', '010780195',
];

describe('checkFiness', () => {
  it.each(SAMPLE)('finess README: the real number %s passes its Luhn key', (n) => {
    expect(checkFiness(n)).toEqual({ ok: true, finess: n, departement: '01', regionCode: '84' });
  });

  it('finess README: generateFinessKey reproduces the key of every real sample number', () => {
    for (const n of SAMPLE) expect(generateFinessKey(n.slice(0, 8))).toBe(n[8]);
  });

  it.each([
    ['14', '140000000', '14', '28'],
    ['2A (A counts 1)', '2A0000000', '2A', '94'],
    ['9701 Guadeloupe', '970100000', '971', '01'],
    ['9702 Martinique', '970200000', '972', '02'],
    ['9703 Guyane', '970300000', '973', '03'],
    ['9704 La Réunion', '970400000', '974', '04'],
    ['9805 Mayotte', '980500000', '976', '06'],
  ])('finess README: prefix %s', (_label, base, departement, regionCode) => {
    const n = base.slice(0, 8) + generateFinessKey(base.slice(0, 8));
    expect(checkFiness(n)).toEqual({ ok: true, finess: n, departement, regionCode });
  });

  it('finess README: 9806 Wallis-et-Futuna is a valid number without ARS region (platform decision)', () => {
    const n = '98060000' + generateFinessKey('98060000');
    const r = checkFiness(n);
    expect(r).toMatchObject({ ok: true, departement: '986', regionCode: null });
    expect(r.ok && r.warning).toMatch(/Wallis-et-Futuna/);
  });

  it('finess README: a 2B number with a valid key (B counts 2) is accepted without warning', () => {
    const n = '2B000001' + generateFinessKey('2B000001');
    expect(checkFiness(n)).toEqual({ ok: true, finess: n, departement: '2B', regionCode: '94' });
  });

  it('finess README: a 2B number whose key fails is accepted with a warning', () => {
    const good = '2B000001' + generateFinessKey('2B000001');
    const bad = good.slice(0, 8) + String((Number(good[8]) + 1) % 10);
    const r = checkFiness(bad);
    expect(r).toMatchObject({ ok: true, departement: '2B', regionCode: '94' });
    expect(r.ok && r.warning).toMatch(/clé/);
  });

  it('trims spaces and accepts lower-case 2a', () => {
    const n = '2A000001' + generateFinessKey('2A000001');
    expect(checkFiness(` ${n.toLowerCase()} `)).toMatchObject({ ok: true, finess: n });
  });

  it.each([
    ['too short', '01000033', /9 caractères/],
    ['too long', '0100003390', /9 caractères/],
    ['letters', '01000A339', /chiffres/],
    ['unknown prefix 20', '200000000', /département/],
    ['unknown prefix 96', '960000000', /département/],
    ['unknown overseas 9705', '970500000', /département/],
    ['bad key', '010000338', /clé/],
  ])('rejects %s with a French reason', (_label, value, reason) => {
    const r = checkFiness(value);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('property: changing one digit of a valid FINESS makes its key fail', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 95 }).filter((d) => d !== 20),
        fc.stringMatching(/^[0-9]{6}$/),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (dep, serial, position, delta) => {
          const first8 = String(dep).padStart(2, '0') + serial;
          const valid = first8 + generateFinessKey(first8);
          expect(checkFiness(valid).ok).toBe(true);
          const digits = valid.split('');
          digits[position] = String((Number(digits[position]) + delta) % 10);
          const changed = digits.join('');
          const r = checkFiness(changed);
          // Either the key fails, or the new prefix is not a département at all; never accepted.
          expect(r.ok).toBe(false);
        },
      ),
    );
  });
});

describe('regions (from @etalab/decoupage-administratif)', () => {
  it('domain-rules §2: 18 regions with an ARS, 5 overseas, Corse flagged', () => {
    expect(REGIONS).toHaveLength(18);
    expect(REGIONS.filter((r) => r.isOverseas).map((r) => r.code)).toEqual(['01', '02', '03', '04', '06']);
    expect(REGIONS.filter((r) => r.isCorse).map((r) => r.name)).toEqual(['Corse']);
    expect(REGIONS.find((r) => r.code === '28')?.name).toBe('Normandie');
  });

  it('maps départements and regions both ways', () => {
    expect(regionOfDepartement('14')).toBe('28');
    expect(regionOfDepartement('2b')).toBe('94');
    expect(regionOfDepartement('976')).toBe('06');
    expect(regionOfDepartement('986')).toBeNull();
    expect(departementsOfRegion('28')).toEqual(['14', '27', '50', '61', '76']);
    expect(departementsOfRegion('94')).toEqual(['2A', '2B']);
  });

  it('003 §4.2 D: overseas and Corse', () => {
    expect(isOverseasOrCorse('94')).toBe(true);
    expect(isOverseasOrCorse('04')).toBe(true);
    expect(isOverseasOrCorse('28')).toBe(false);
    expect(isOverseasOrCorse(null)).toBe(false);
  });
});
