import PDFDocument from 'pdfkit';

export interface LetterInput {
  regionLabel: string;
  reference: string;
  title: string;
  decision: 'RETAINED' | 'NOT_RETAINED' | 'POSTPONED';
  motive: string;
  amountGranted: number | null;
  committeeLabel: string;
  decidedAt: Date;
}

const DECISION_TEXT: Record<LetterInput['decision'], string> = {
  RETAINED: 'RETENU',
  NOT_RETAINED: 'NON RETENU',
  POSTPONED: 'AJOURNÉ',
};

export function parisDateLabel(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

export function euros(amount: number): string {
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(amount).replace(/\u202f|\u00a0/g, ' ')} €`;
}

/** The decision letter (PDF, A4): ARS letterhead, file reference, decision, motive, amount granted, date (Paris). */
export function decisionLetterPdf(input: LetterInput): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Décision du comité de sélection — ${input.reference}`, Author: input.regionLabel } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(13).text('RÉPUBLIQUE FRANÇAISE');
    doc.font('Helvetica').fontSize(11).text(input.regionLabel);
    doc.text('Programme ESMS numérique — Ségur du numérique en santé');
    doc.moveDown(2);
    doc.text(`Le ${parisDateLabel(input.decidedAt)}`, { align: 'right' });
    doc.moveDown();
    doc.font('Helvetica-Bold').text(`Objet : décision du comité de sélection — dossier ${input.reference}`);
    doc.font('Helvetica').text(`Projet : ${input.title}`);
    doc.text(`Comité : ${input.committeeLabel}`);
    doc.moveDown();
    doc.text('Madame, Monsieur,');
    doc.moveDown(0.5);
    doc.text(`Le comité de sélection a examiné votre candidature. Décision : `, { continued: true }).font('Helvetica-Bold').text(DECISION_TEXT[input.decision]);
    doc.font('Helvetica').moveDown(0.5);
    doc.text(`Motif : ${input.motive}`);
    if (input.decision === 'RETAINED' && input.amountGranted !== null) {
      doc.moveDown(0.5);
      doc.text(`Montant accordé : ${euros(input.amountGranted)}, versé pour 50 % à la signature de la convention et pour le solde en fin de projet, sous réserve de l'atteinte des cibles d'usage.`);
      doc.moveDown(0.5);
      doc.text("Votre ARS vous adressera la convention de financement à signer.");
    } else if (input.decision === 'POSTPONED') {
      doc.moveDown(0.5);
      doc.text('Votre dossier sera réexaminé lors d’un prochain comité de sélection.');
    }
    doc.moveDown(2);
    doc.text(`Pour le directeur général de l'${input.regionLabel}`);
    doc.end();
  });
}
