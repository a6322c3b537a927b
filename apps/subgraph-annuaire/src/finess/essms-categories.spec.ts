import { ESSMS_CATEGORIES, ESSMS_CATEGORY_CODES, getEssmsCategory, isEssmsCategory } from './essms-categories';

describe('ESSMS categories', () => {
  it.each(['500', '354', '182', '195', '461', '189', '340', '460', '209', '246', '255', '437', '183', '214', '443'])(
    'FINESS category %s is an ESSMS',
    (code) => expect(isEssmsCategory(code)).toBe(true),
  );

  it.each(['365', '101', '106', '355', '124', '620', '611', '609', '247', '259', ''])(
    'FINESS category "%s" is not an ESSMS',
    (code) => expect(isEssmsCategory(code)).toBe(false),
  );

  it('has unique three-digit codes, each with a label, a field and its L312-1 paragraph', () => {
    expect(ESSMS_CATEGORY_CODES.size).toBe(ESSMS_CATEGORIES.length);
    for (const c of ESSMS_CATEGORIES) {
      expect(c.code).toMatch(/^\d{3}$/);
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.casf).toMatch(/^(I \d+°|III)/);
    }
    expect(getEssmsCategory('340')?.field).toBe('PJM');
    expect(getEssmsCategory('214')?.field).toBe('AHI');
    expect(getEssmsCategory('500')?.label).toBe("Etablissement d'hébergement pour personnes âgées dépendantes");
  });
});
