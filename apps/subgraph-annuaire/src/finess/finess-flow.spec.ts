import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateFinessKey } from '@esms/domain';
import { FinessFlowError, departementOfCommune, parseFinessFlow } from './finess-flow';

// Real records, trimmed (shared/data/finess). A copy of the same records is kept next to this test
// so that the suite does not depend on the shared folder.
const SAMPLE_PATH = join(__dirname, '__fixtures__', 'sample-structures.json');
const sample = (): unknown => JSON.parse(readFileSync(SAMPLE_PATH, 'utf8'));

const withKey = (first8: string) => first8 + generateFinessKey(first8);

/** A minimal flow in the schema's spelling (codings as objects). */
function schemaShapedFlow(ej: string, ets: { finess: string; category: string; etat?: string; commune?: string }[]) {
  const adresse = (commune: string) => [
    {
      numeroVoie: '3',
      typeVoie: 'R',
      libelleVoie: 'DES LILAS',
      complementVoie: '',
      complementPointGeographique: '',
      lieuDit: '',
      cogCommune: commune,
      ligneAcheminement: '14000 CAEN',
      codePostal: '14000',
      coordonneesGeographique: { coordonneeX: '0', coordonneeY: '0', directionLatitude: '49.18', directionLongitude: '-0.37' },
    },
  ];
  return {
    gco: {},
    gcc: {},
    pmej: [
      {
        informationsGeneralesPmej: {
          numFinessPm: ej,
          denominationLonguePmSmsse: 'ASSOCIATION DEMO',
          denominationPm: 'ASSOC DEMO',
          statutJuridique: { code: '61', system: 'x' },
          etatObjet: { code: 'A', system: 'x' },
        },
        adresse: adresse('14118'),
        etatObjet: { code: 'A', system: 'x' },
        evenement: [],
        ege: ets.map((et, i) => ({
          informationsGeneralesEGE: { egeId: String(i), numFinessEge: et.finess, nomEgeLong: `ET ${i}`, dateOuverture: '2001-02-03T00:00:00+01:00' },
          etatObjet: { code: et.etat ?? 'A', system: 'x' },
          categorieEntiteGeographiqueExercice: { code: et.category, system: 'x' },
          adresse: adresse(et.commune ?? '14118'),
          roleEge: { code: '01' },
        })),
      },
    ],
  };
}

describe('parseFinessFlow — real sample', () => {
  const parsed = parseFinessFlow(sample());

  it('keeps the 4 organismes running ESSMS and their 8 ESSMS', () => {
    expect(parsed.organismes.map((o) => o.finessEj).sort()).toEqual(['010000255', '010000339', '010000347', '010000354']);
    expect(parsed.establishments).toHaveLength(8);
    expect(parsed.warnings).toEqual([]);
  });

  it('skips the clinic (category 365) and its organisme, with French reasons', () => {
    expect(parsed.skipped).toEqual([
      { id: '010780195', reason: expect.stringMatching(/Catégorie FINESS 365 : ce n’est pas un établissement ou service social ou médico-social/) },
      { id: '010000156', reason: expect.stringMatching(/sans aucun ESSMS/) },
    ]);
  });

  it('marks the closed SESSD (etatObjet I) closed, with its dates', () => {
    const closed = parsed.establishments.filter((e) => e.closed);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({
      finess: '010790061',
      finessEj: '010000255',
      category: '182',
      openedOn: '1994-08-04',
      closedOn: '1994-09-02',
      address: { line: '', postalCode: '01210', city: 'FERNEY VOLTAIRE', communeCode: '01160' },
    });
  });

  it('maps the records: category label, address, département and region from the commune code', () => {
    const ehpad = parsed.establishments.find((e) => e.finess === '010780906');
    expect(ehpad).toEqual({
      finess: '010780906',
      finessEj: '010000339',
      name: 'EHPAD RÉSIDENCE FONTELUNE AMBERIEU-EN-BUGEY',
      category: '500',
      categoryLabel: "Etablissement d'hébergement pour personnes âgées dépendantes",
      siret: '26010001100014',
      address: { line: '10 R DE LA COMMUNE 1871', postalCode: '01500', city: 'AMBERIEU EN BUGEY', communeCode: '01004' },
      departement: '01',
      regionCode: '84',
      closed: false,
      openedOn: '2017-01-03',
    });
    const og = parsed.organismes.find((o) => o.finessEj === '010000255');
    expect(og).toMatchObject({
      name: "ASSOCIATION POUR LA FORMATION ET L'INSERTION DES PERSONNES",
      legalStatus: '60',
      siren: '779309194',
      departement: '01',
      regionCode: '84',
      closed: false,
    });
  });

  it('is deterministic', () => {
    expect(parseFinessFlow(sample())).toEqual(parsed);
  });
});

describe('parseFinessFlow — validation', () => {
  it('skips an establishment whose Luhn key is wrong, with the reason', () => {
    const flow = sample() as { pmej: { ege: { informationsGeneralesEGE: { numFinessEge: string } }[] }[] };
    flow.pmej[0].ege[0].informationsGeneralesEGE.numFinessEge = '010780907'; // real key is 6
    const parsed = parseFinessFlow(flow);
    expect(parsed.establishments.map((e) => e.finess)).not.toContain('010780907');
    expect(parsed.skipped).toContainEqual({ id: '010780907', reason: expect.stringMatching(/clé du numéro FINESS « 010780907 » est incorrecte/) });
    expect(parsed.establishments).toHaveLength(7);
  });

  it('skips an organisme with a malformed FINESS EJ and all its establishments', () => {
    const flow = sample() as { pmej: { informationsGeneralesPMEJ: { numFinessPm: string } }[] };
    flow.pmej[0].informationsGeneralesPMEJ.numFinessPm = '01000033';
    const parsed = parseFinessFlow(flow);
    expect(parsed.organismes).toHaveLength(3);
    expect(parsed.skipped).toContainEqual({ id: '01000033', reason: expect.stringMatching(/9 caractères/) });
    expect(parsed.skipped).toContainEqual({ id: '010780906', reason: expect.stringMatching(/organisme gestionnaire \(01000033\) est invalide/) });
  });

  it('reads the schema spelling (informationsGeneralesPmej, codings as objects) and overseas/Corsica communes', () => {
    const ej = withKey('14000123');
    const reunion = withKey('97040001');
    const corse = withKey('2A000002');
    const flow = schemaShapedFlow(ej, [
      { finess: withKey('14000124'), category: '354' },
      { finess: reunion, category: '500', commune: '97411' },
      { finess: corse, category: '460', etat: 'I', commune: '2A004' },
    ]);
    const parsed = parseFinessFlow(flow);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.organismes).toEqual([
      expect.objectContaining({ finessEj: ej, legalStatus: '61', departement: '14', regionCode: '28', closed: false, address: expect.objectContaining({ city: 'CAEN' }) }),
    ]);
    expect(parsed.establishments.map((e) => [e.finess, e.departement, e.regionCode, e.closed, e.openedOn])).toEqual([
      [withKey('14000124'), '14', '28', false, '2001-02-03'],
      [reunion, '974', '04', false, '2001-02-03'],
      [corse, '2A', '94', true, '2001-02-03'],
    ]);
  });

  it('skips duplicates and categories absent from the flow', () => {
    const ej = withKey('14000123');
    const et = withKey('14000124');
    const parsed = parseFinessFlow(schemaShapedFlow(ej, [
      { finess: et, category: '500' },
      { finess: et, category: '500' },
      { finess: withKey('14000125'), category: '' },
    ]));
    expect(parsed.establishments).toHaveLength(1);
    expect(parsed.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/présent deux fois/),
      expect.stringMatching(/Catégorie FINESS absente/),
    ]);
  });

  it('falls back on the FINESS département when the commune code is unusable, with a warning', () => {
    const parsed = parseFinessFlow(schemaShapedFlow(withKey('14000123'), [{ finess: withKey('14000124'), category: '500', commune: '' }]));
    expect(parsed.establishments[0]).toMatchObject({ departement: '14', regionCode: '28' });
    expect(parsed.warnings).toEqual([{ id: withKey('14000124'), message: expect.stringMatching(/région déduite du numéro FINESS/) }]);
  });

  it('rejects a document that is not a flow', () => {
    expect(() => parseFinessFlow({ foo: 1 })).toThrow(FinessFlowError);
    expect(() => parseFinessFlow(null)).toThrow(/pmej/);
  });

  it('derives the département of a commune code', () => {
    expect(departementOfCommune('01004')).toBe('01');
    expect(departementOfCommune('2B033')).toBe('2B');
    expect(departementOfCommune('97411')).toBe('974');
    expect(departementOfCommune('97611')).toBe('976');
    expect(departementOfCommune('1404')).toBeNull();
  });
});
