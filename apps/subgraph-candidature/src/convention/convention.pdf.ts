import PDFDocument from 'pdfkit';

export interface ConventionPdfInput {
  regionLabel: string;
  reference: string;
  title: string;
  total: number;
  advance: number;
  balance: number;
  /** The project's AMOA forfait, outside the ESSMS lines (0 or absent when not granted). */
  amoa?: number;
  projectStart: string;
  expectedEnd: string | null;
  durationMonths: number | null;
  essms: { finess: string; amount: number; name?: string | null; situation?: string }[];
  /** Set once the signature is recorded: the document then states it. */
  signedOn?: string | null;
  generatedAt: Date;
}

const euros = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n).replace(/\u202f|\u00a0/g, ' ')} €`;
const frDate = (iso: string) => iso.split('-').reverse().join('/');
const SITUATIONS: Record<string, string> = { ACQUISITION: 'acquisition', UPGRADE: 'mise à niveau' };

export function conventionPdf(input: ConventionPdfInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Convention de financement — ${input.reference}`, Author: input.regionLabel } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(13).text('RÉPUBLIQUE FRANÇAISE');
    doc.font('Helvetica').fontSize(11).text(input.regionLabel).text('Programme ESMS numérique — Ségur du numérique en santé');
    doc.moveDown(2);
    doc.font('Helvetica-Bold').fontSize(14).text(`Convention de financement — dossier ${input.reference}`, { align: 'center' });
    doc.font('Helvetica').fontSize(11).moveDown().text(`Projet : ${input.title}`);
    doc.moveDown().font('Helvetica-Bold').text('Article 1 — Montant de la subvention').font('Helvetica');
    doc.text(`Subvention forfaitaire totale : ${euros(input.total)}.`);
    for (const e of input.essms) {
      const detail = [e.name, e.situation ? SITUATIONS[e.situation] ?? e.situation : null].filter(Boolean).join(', ');
      doc.text(`  • ESSMS ${e.finess}${detail ? ` (${detail})` : ''} : ${euros(e.amount)}`);
    }
    if (input.amoa) doc.text(`  • Assistance à maîtrise d'ouvrage (AMOA) du projet : ${euros(input.amoa)}`);
    doc.moveDown().font('Helvetica-Bold').text('Article 2 — Versements').font('Helvetica');
    doc.text(`Avance de 50 % à la signature de la présente convention : ${euros(input.advance)}.`);
    doc.text(`Solde en fin de projet : ${euros(input.balance)}, sous réserve de l'atteinte des cibles d'usage et d'un état récapitulatif des dépenses visé par le comptable public ou le commissaire aux comptes.`);
    doc.text("Le financement du matériel n'est jamais versé au-delà de la dépense réelle et justifiée.");
    doc.moveDown().font('Helvetica-Bold').text('Article 3 — Jalons').font('Helvetica');
    doc.text(input.signedOn ? `Début du projet : ${frDate(input.projectStart)} (date de signature).` : `Début du projet : à la date de signature (${frDate(input.projectStart)} si signée ce jour).`);
    doc.text(
      input.expectedEnd
        ? `Fin attendue du déploiement : ${frDate(input.expectedEnd)} (durée indicative de ${input.durationMonths} mois, non opposable).`
        : 'Projet national : pas de durée indicative.',
    );
    doc.moveDown(2).text(`Document généré le ${new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(input.generatedAt)}.`);
    if (input.signedOn) doc.font('Helvetica-Bold').text(`Convention signée le ${frDate(input.signedOn)}.`).font('Helvetica');
    doc.moveDown().text("Pour l'ARS : ____________________        Pour le porteur : ____________________");
    doc.end();
  });
}
