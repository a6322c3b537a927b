import { missingPieces, PIECES, requiredPieces, type PiecesProject } from './pieces';

const plain: PiecesProject = { hasSaad: false, attachedToNationalEntity: false, hardwareRequested: false };
const need = (p: PiecesProject, code: string) => requiredPieces(p).find((x) => x.code === code);

describe('pieces (003 annex 2)', () => {
  it('003 annexe 2: catalogue P01–P16 with French labels', () => {
    expect(PIECES.map((p) => p.code)).toEqual(Array.from({ length: 16 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));
    expect(PIECES[0].label).toBe('Note de présentation générale du projet');
  });
  it('003 annexe 2: P01–P10 always required', () => {
    const req = requiredPieces(plain).filter((p) => p.requirement === 'REQUIRED').map((p) => p.code);
    expect(req).toEqual(['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10']);
  });
  it('003 annexe 1–2: P11 required when a SAAD is in the grappe', () => {
    expect(need(plain, 'P11')?.requirement).toBe('OPTIONAL');
    expect(need({ ...plain, hasSaad: true }, 'P11')?.requirement).toBe('REQUIRED');
  });
  it('003 §4.2 E: P12 self-diagnostics recommended, never blocking', () => {
    expect(need(plain, 'P12')?.requirement).toBe('RECOMMENDED');
    expect(missingPieces(plain, ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10'])).toEqual([]);
  });
  it('003 §4.2 B: P13 « si le porteur est rattaché à une entité nationale »', () => {
    expect(need({ ...plain, attachedToNationalEntity: true }, 'P13')?.requirement).toBe('REQUIRED');
  });
  it('003 annexe 2: P14 « si DPI du GHT est choisi » or OG DUI reused for PDE/PDS', () => {
    expect(need({ ...plain, ghtDpiChosen: true }, 'P14')?.requirement).toBe('REQUIRED');
    expect(need({ ...plain, ogDuiReusedForPdePds: true }, 'P14')?.reason).toMatch(/PDE\/PDS/);
    expect(need(plain, 'P14')?.requirement).toBe('OPTIONAL');
  });
  it('003 annexe 2: P15 « obligatoire si financement spécifique »', () => {
    expect(need({ ...plain, hardwareRequested: true }, 'P15')?.requirement).toBe('REQUIRED');
  });
  it('003 annexe 2: P16 « à la discrétion de l’ARS »', () => {
    expect(need(plain, 'P16')?.requirement).toBe('OPTIONAL');
    expect(need({ ...plain, arsRequestedOtherPieces: true }, 'P16')?.requirement).toBe('REQUIRED');
  });
  it('missingPieces lists required pieces not uploaded', () => {
    expect(missingPieces({ ...plain, hardwareRequested: true }, ['P01']).map((p) => p.code)).toEqual(['P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10', 'P15']);
  });
});
