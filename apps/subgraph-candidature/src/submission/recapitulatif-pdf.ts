import type { EligibilityItem, FundingResult, SelectionWindow } from '@esms/domain';
import PDFDocument from 'pdfkit';
import type { CandidatureRow, GrappeMemberRow } from '../candidatures/candidature.entity';
import type { CandidatureDossier } from '../dossier/dossier.types';
import type { SaadHours } from '../grappe/grappe.types';

export interface RecapitulatifData {
  candidature: CandidatureRow;
  /** Accusé de réception of this submission (e.g. `NOR-2026-0002-AR1`). */
  receiptNumber: string | null;
  /** The selection window the submission falls in (its code is `candidature.windowCode`). */
  window: SelectionWindow | null;
  campaignLabel: string;
  porteurEmail: string | null;
  members: (GrappeMemberRow & { name: string | null; saad: SaadHours | null; solutionInReferencing: boolean; line: FundingResult['lines'][number] | null })[];
  funding: FundingResult;
  eligibility: EligibilityItem[];
  dossier: CandidatureDossier;
  pieces: { code: string; label: string; requirement: string; present: boolean; files: { fileName: string; size: number }[] }[];
  generatedAt: Date;
}

/** The standard PDF fonts speak WinAnsi: narrow/non-breaking spaces and a few signs are replaced. */
const t = (s: unknown): string =>
  String(s ?? '')
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(/[≥]/g, '>=')
    .replace(/[≤]/g, '<=')
    .replace(/[➔→]/g, '->');
const euros = (n: number) => t(`${new Intl.NumberFormat('fr-FR').format(n)} €`);
const paris = (d: Date | null) => (d ? t(new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(d)) : '—');
const day = (iso: string) => t(new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${iso}T00:00:00Z`)));

/** How the PDF states the submission time (Europe/Paris, to the minute): a PDF rendered for another instant with the same stamp says the same. */
export const submissionStamp = (at: Date): string => `${paris(at)} (heure de Paris)`;
const windowText = (code: string | null, w: SelectionWindow | null) => (w ? `${w.code} (du ${day(w.opensOn)} au ${day(w.closesOn)})` : code);
const yesNo = (b: boolean) => (b ? 'oui' : 'non');
const SITUATION: Record<string, string> = { ACQUISITION: 'Acquisition', UPGRADE: 'Mise en conformité' };
const REQUIREMENT: Record<string, string> = { REQUIRED: 'obligatoire', RECOMMENDED: 'recommandée', OPTIONAL: 'facultative' };
const STATUS: Record<string, string> = { OK: 'conforme', KO: 'non conforme', TO_CHECK: 'à vérifier' };
const SEVERITY: Record<string, string> = { BLOCKING: 'bloquant', CONDITION: 'condition', WARNING: "appréciation de l'ARS", INFO: 'information' };

/** The PDF récapitulatif of a submitted candidature (French; everything entered). */
export function recapitulatifPdf(d: RecapitulatifData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: t(`Récapitulatif ${d.candidature.reference}`), Author: 'ESMS numérique' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;
  const h1 = (s: string) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('#000091').text(t(s)).fillColor('black').font('Helvetica').fontSize(9.5).moveDown(0.2);
  const line = (label: string, value: unknown) => doc.font('Helvetica-Bold').text(t(`${label} : `), { continued: true }).font('Helvetica').text(t(value === null || value === undefined || value === '' ? '—' : value));
  const bullet = (s: string) => doc.text(t(`• ${s}`), { indent: 8, width: width - 8 });

  const c = d.candidature;
  doc.font('Helvetica-Bold').fontSize(16).text('ESMS numérique — récapitulatif de candidature');
  doc.font('Helvetica').fontSize(9.5).fillColor('#555').text(t(`Document produit le ${paris(d.generatedAt)} (heure de Paris).`)).fillColor('black');
  if (d.receiptNumber) doc.moveDown(0.4).font('Helvetica-Bold').fontSize(11).text(t(`Accusé de réception n° ${d.receiptNumber}`)).font('Helvetica').fontSize(9.5);

  h1('1. Identification');
  line('Référence', c.reference);
  line('Accusé de réception', d.receiptNumber);
  line('Projet', c.title);
  line('Campagne', d.campaignLabel);
  line('Déposée le', c.submittedAt ? submissionStamp(c.submittedAt) : null);
  line('Fenêtre de sélection', windowText(c.windowCode, d.window));
  line('Organismes gestionnaires (FINESS EJ)', c.organismes.join(', '));
  line('Compte du porteur', d.porteurEmail);

  h1('2. Guichet');
  line('Guichet', c.desk === 'NATIONAL' ? 'national (CNSA)' : 'régional (ARS)');
  line('Projet', c.track === 'multiregional' ? 'multirégional' : 'régional');
  line('ARS pivot (code région)', c.pivotRegion);
  line('Régions des ESSMS', [...new Set(d.members.map((m) => m.regionCode))].sort().join(', '));

  h1(`3. Grappe (${d.members.length} ESSMS) et financement`);
  for (const m of d.members) {
    const l = m.line;
    doc.font('Helvetica-Bold').text(t(`${m.rank ?? '—'}. ${m.finess}${m.name ? ` — ${m.name}` : ''}`));
    doc.font('Helvetica').text(
      t(
        [
          `Région ${m.regionCode}`,
          m.finessEj ? `OG ${m.finessEj}` : null,
          SITUATION[m.situation] ?? m.situation,
          `DUI actuel : ${m.currentDui ?? 'aucun'}`,
          `solution : ${m.chosenSolutionId ?? 'non renseignée'}${m.solutionInReferencing ? ' (en cours de référencement)' : ''}`,
          m.nationalEntity ? `entité nationale : ${m.nationalEntity}` : null,
          m.hardwareQuote != null ? `devis matériel : ${euros(m.hardwareQuote)}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      { indent: 10 },
    );
    if (m.saad) {
      doc.text(t(`SAAD (N-1) : total ${m.saad.totalHours} h = APA ${m.saad.apaHours} h + PCH ${m.saad.pchHours} h + autre ${m.saad.otherHours} h${m.saad.otherFunder ? ` (${m.saad.otherFunder})` : ''} + confort ${m.saad.confortHours} h ; médico-social ${m.saad.medicoSocialHours} h`), { indent: 10 });
    }
    if (l) doc.text(t(`Financement : usages ${euros(l.usages)} + logiciel ${euros(l.software)} + matériel ${euros(l.hardware)} = ${euros(l.usages + l.software + l.hardware)}`), { indent: 10 });
  }
  doc.moveDown(0.3);
  line('Subvention estimée (règles 003 §4.4)', euros(d.funding.total));
  for (const n of d.funding.notices ?? []) bullet(n);

  h1("4. Éligibilité (E01–E12)");
  for (const i of d.eligibility.filter((x) => x.status !== 'OK' || x.severity === 'BLOCKING')) {
    bullet(`${i.code} [${SEVERITY[i.severity] ?? i.severity.toLowerCase()}, ${STATUS[i.status] ?? i.status}]${i.finess ? ` ${i.finess}` : ''} : ${i.message}`);
  }

  h1('5. Questions du dossier');
  const q = d.dossier;
  line('Type de projet', q.projectTypeLabel);
  line('Champs', q.fields.join(', '));
  line('Gouvernance', q.governance);
  line('Régime de TVA', q.vatRegime === 'HT' ? 'montants HT (TVA récupérable)' : q.vatRegime === 'TTC' ? 'montants TTC' : null);
  line('Autres fonds européens', q.otherEuFunds === null ? 'non renseigné' : q.otherEuFunds.length ? q.otherEuFunds.join(', ') : 'aucun');
  line('Porteur GHT', yesNo(q.porteurIsGht));
  if (q.ght) line('Conditions GHT', `commande publique ${yesNo(q.ght.publicProcurementContract)}, étude de couverture DPI ${yesNo(q.ght.dpiCoverageStudy)}, sans fonds UE/HOPEN ${yesNo(q.ght.noEuOrHopenFunding)}`);
  line('Entité nationale du porteur', q.porteurNationalEntity);
  line('DUI de l’OG réutilisé (PDE/PDS)', yesNo(q.ogDuiReusedForPdePds));
  doc.font('Helvetica-Bold').text('Planning sur 2 ans :').font('Helvetica');
  if (!q.projectPlan.length) bullet('non renseigné');
  for (const s of q.projectPlan) bullet(`mois ${s.monthOffset + 1} à ${s.monthOffset + s.durationMonths} : ${s.label}`);
  doc.font('Helvetica-Bold').text('Autodiagnostics (maturité et sécurité SI / niveau de gestion SI / 13 mesures cyber) :').font('Helvetica');
  for (const s of q.selfDiagnostics) bullet(`${s.finess} : ${yesNo(s.anapMaturitySecurity)} / ${yesNo(s.siManagementLevel)} / ${yesNo(s.cyberMeasures)}`);
  doc.font('Helvetica-Bold').text('Guide du porteur :').font('Helvetica');
  doc.text(t(`${q.checklist.filter((i) => i.done).length} étape(s) sur ${q.checklist.length} cochée(s) : ${q.checklist.filter((i) => i.done).map((i) => i.code).join(', ') || 'aucune'}.`), { indent: 8 });

  h1('6. Pièces (annexe 2)');
  for (const p of d.pieces) {
    bullet(`${p.code} ${p.label} (${REQUIREMENT[p.requirement] ?? p.requirement}) : ${p.files.length ? p.files.map((f) => `${f.fileName} (${Math.max(1, Math.round(f.size / 1024))} Ko)`).join(', ') : 'non jointe'}`);
  }
  doc.end();
  return done;
}
