import { requiredPieces } from '@esms/domain';
import { pieceBlocks, pieceProblems } from './piece-blocks';
import type { PieceRow } from './pieces.service';
import type { QuarantineRow } from './quarantine';

/* What blocks the submission, per piece (issue 4 §6, issue 8 line 12): missing, being scanned, infected last upload. */
const needs = requiredPieces({ hasSaad: false, attachedToNationalEntity: false, hardwareRequested: false });
const required = needs.filter((n) => n.requirement === 'REQUIRED').map((n) => n.code);
const at = (minute: number) => new Date(Date.UTC(2026, 2, 12, 13, minute));
const file = (code: string, scanStatus: PieceRow['scanStatus'], minute = 0, replaced = false): PieceRow => ({
  id: `${code}-${minute}`, candidatureId: 'c', code, fileName: `${code}.pdf`, mediaType: 'application/pdf', size: 10, sha256: '', storageKey: '', uploadedAt: at(minute),
  uploadedBy: 'p', replacedAt: replaced ? at(minute + 1) : null, scanStatus,
});
const infected = (code: string, minute: number): QuarantineRow => ({ id: `q-${code}-${minute}`, candidatureId: 'c', code, fileName: 'eicar.pdf', size: 68, signature: 'Eicar-Test-Signature', detectedAt: at(minute) });
const safeAll = () => required.map((code) => file(code, 'SAFE'));

describe('pieceBlocks', () => {
  it('every required piece present and scanned: nothing blocks', () => {
    expect(pieceBlocks(needs, safeAll(), [])).toEqual([]);
    expect(pieceBlocks(needs, required.map((code) => file(code, 'SAFE_UNSCANNED')), [])).toEqual([]);
  });

  it.each([
    { label: 'no file', p02: [] as PieceRow[], quarantine: [] as QuarantineRow[], reason: 'MISSING', message: /pièce obligatoire manquante/ },
    { label: 'a file waiting for the antivirus', p02: [file('P02', 'PENDING')], quarantine: [], reason: 'SCAN_PENDING', message: /« P02\.pdf » est en cours d'analyse antivirus/ },
    { label: 'its only upload infected', p02: [], quarantine: [infected('P02', 5)], reason: 'INFECTED', message: /« eicar\.pdf » contenait un virus et a été mis en quarantaine ; déposez une autre version/ },
    { label: 'its replacing upload found infected by the rescan', p02: [file('P02', 'SAFE', 0, true)], quarantine: [infected('P02', 5)], reason: 'INFECTED', message: /mis en quarantaine/ },
  ])('required P02 with $label → $reason', ({ p02, quarantine, reason, message }) => {
    const pieces = [...safeAll().filter((p) => p.code !== 'P02'), ...p02];
    const blocks = pieceBlocks(needs, pieces, quarantine);
    expect(blocks).toEqual([{ code: 'P02', label: 'Gouvernance du projet', reason, message: expect.stringMatching(message) }]);
  });

  it('an infected upload followed by a clean one is settled; a clean file kept while a newer upload was infected does not block', () => {
    expect(pieceBlocks(needs, safeAll().map((p) => (p.code === 'P02' ? file('P02', 'SAFE', 10) : p)), [infected('P02', 5)])).toEqual([]);
    expect(pieceBlocks(needs, safeAll(), [infected('P02', 5)])).toEqual([]);
  });

  it('a pending optional piece blocks too (nothing unscanned reaches the ARS); a missing optional one does not', () => {
    expect(pieceBlocks(needs, [...safeAll(), file('P16', 'PENDING')], []).map((b) => [b.code, b.reason])).toEqual([['P16', 'SCAN_PENDING']]);
  });

  it('problems: one French sentence per kind, naming the pieces', () => {
    const blocks = pieceBlocks(needs, [...safeAll().filter((p) => !['P01', 'P02', 'P03'].includes(p.code)), file('P03', 'PENDING')], [infected('P02', 5)]);
    expect(blocks.map((b) => [b.code, b.reason])).toEqual([['P01', 'MISSING'], ['P02', 'INFECTED'], ['P03', 'SCAN_PENDING']]);
    expect(pieceProblems(blocks)).toEqual([
      expect.stringMatching(/^Pièces en cours d'analyse antivirus : P03 Attestation de la réalité de la mutualisation\. Le dépôt sera possible/),
      expect.stringMatching(/^Pièces refusées par l'antivirus \(virus détecté, fichier mis en quarantaine\) : P02 Gouvernance du projet\. .*déposez une autre version/),
      'Pièces obligatoires manquantes : P01 Note de présentation générale du projet.',
    ]);
  });
});
