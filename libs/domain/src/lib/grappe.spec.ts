import { grappeSizeCheck, minimumGrappeSize } from './grappe';

describe('grappe size (003 §4.2 D)', () => {
  it.each([
    ['003 §4.2 D: « idéalement quinze structures » in metropolitan territories (Normandie)', '28', 15],
    ['003 §4.2 D: « idéalement huit dans les territoires ultramarins » (La Réunion)', '04', 8],
    ['003 §4.2 D: « et la Corse »', '94', 8],
    ['flag true', true, 8],
    ['flag false', false, 15],
  ] as const)('%s', (_n, arg, min) => expect(minimumGrappeSize(arg)).toBe(min));

  it('003 §4.2 D: 15 ESSMS in metropole → OK; 14 → ARS judgement', () => {
    expect(grappeSizeCheck(15, { overseasOrCorse: false }).status).toBe('OK');
    expect(grappeSizeCheck(14, { overseasOrCorse: false })).toMatchObject({ status: 'ARS_JUDGEMENT', minimum: 15 });
  });
  it('003 §4.2 D: 8 overseas → OK; 7 → ARS judgement', () => {
    expect(grappeSizeCheck(8, { overseasOrCorse: true }).status).toBe('OK');
    expect(grappeSizeCheck(7, { overseasOrCorse: true }).status).toBe('ARS_JUDGEMENT');
  });
  it('003 §4.2 D: « rejoindre un regroupement déjà financé » makes a small project receivable', () => {
    const r = grappeSizeCheck(3, { overseasOrCorse: false, joinsFundedRegroupement: true });
    expect(r.status).toBe('RECEIVABLE_JOINING_FUNDED');
    expect(r.message).toMatch(/regroupement déjà financé/);
  });
});
