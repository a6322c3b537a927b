import { buildFiness } from '@esms/domain/testing';
import { parseFinessImport, withAnnuaireFacts } from './finess-import';

describe('parseFinessImport (paste or CSV of FINESS géographiques, per-line report)', () => {
  const a = buildFiness('14', 1);
  const b = buildFiness('76', 2);

  it('reads one FINESS per line and says why each other line is refused', () => {
    const report = parseFinessImport(`${a}\n\n14000000X\n${a.toLowerCase()}\n12\n${b}`);
    expect(report.toAdd).toEqual([a, b]);
    expect(report.lines.map((l) => [l.line, l.status])).toEqual([
      [1, 'VALID'],
      [3, 'MALFORMED'],
      [4, 'DUPLICATE'],
      [5, 'MALFORMED'],
      [6, 'VALID'],
    ]);
    expect(report.lines[1].message).toMatch(/chiffres/);
    expect(report.lines[3].message).toMatch(/9 caractères/);
  });

  it('reads the "finess" column of a CSV file with a header, ; or , separated', () => {
    const csv = `nom;finess;ville\r\nEHPAD A;${a};Caen\r\n"EHPAD B";"${b}";Rouen\r\n`;
    expect(parseFinessImport(csv).toAdd).toEqual([a, b]);
    expect(parseFinessImport(`finess,nom\n${b},X`).toAdd).toEqual([b]);
  });

  it('sets aside the ESSMS already in the grappe', () => {
    const report = parseFinessImport(`${a}\n${b}`, [a]);
    expect(report.toAdd).toEqual([b]);
    expect(report.lines[0]).toMatchObject({ status: 'ALREADY_IN_GRAPPE', message: 'Déjà dans la grappe.' });
  });

  it('refuses a wrong Luhn key with the reason', () => {
    const wrong = `${a.slice(0, 8)}${(Number(a[8]) + 1) % 10}`;
    const [line] = parseFinessImport(wrong).lines;
    expect(line.status).toBe('MALFORMED');
    expect(line.message).toMatch(/clé/);
  });

  it('marks numbers unknown to the annuaire or closed', () => {
    const report = withAnnuaireFacts(parseFinessImport(`${a}\n${b}`), new Map([[a, null], [b, { closed: true }]]));
    expect(report.toAdd).toEqual([]);
    expect(report.lines.map((l) => l.status)).toEqual(['UNKNOWN', 'CLOSED']);
  });
});
