/**
 * Transcription of the "CONTACTS UTILES" annexes of seed 004 (guide SAD, text extraction of a PDF):
 * tables "GRADES" and "RÉFÉRENTS ESMS NUMÉRIQUE - ARS" (/work/shared/seeds/004_29ea023aac872c6a.txt,
 * around lines 1030-1100).
 *
 * Rows are keyed by the region label **as printed in the annex** (line-wrap hyphens rejoined); the
 * INSEE code is resolved in `ars-contacts.ts` from `@etalab/decoupage-administratif`, never by hand.
 *
 * Repairs of the PDF-to-text extraction (nothing else was changed, letter case kept as printed):
 * - addresses split by a line wrap ("ars-bfc-esms- numerique@…", "esant e-centre.fr",
 *   "ars.sa nte.fr", "ars.sante .fr") are rejoined without the space;
 * - `<u>…</u>` underline tags around addresses are removed;
 * - the underscore printed before the second referent's name ("Grégory_LIMODIN",
 *   "Bertrand_LE RHUN") is a layout artefact and is read as a space;
 * - "lle-de-France" (both tables) is the OCR of "Île-de-France";
 * - in the GRADeS table, the stray line "Protogno" before "GCS e-Santé Bretagne" is OCR noise
 *   (the region label "Bretagne" is printed on the next line), and "Pays de la / Loire" is one label
 *   split over two lines.
 */

export interface AnnexArsRow {
  /** Region label as printed in the annex. */
  readonly annexLabel: string;
  /** "Adresses génériques". */
  readonly genericMailboxes: readonly string[];
  /** "Adresses nominatives". */
  readonly referents: readonly { readonly name: string; readonly email: string }[];
}

export interface AnnexGradesContact {
  /** Person, or the kind of contact when the annex gives no name ("Equipe projet Ségur"). */
  readonly name: string;
  /** Function printed in parentheses after the name, if any. */
  readonly role?: string;
  /** Absent when the annex prints no address for this contact. */
  readonly email?: string;
}

export interface AnnexGradesRow {
  readonly annexLabel: string;
  readonly name: string;
  readonly contacts: readonly AnnexGradesContact[];
  readonly website?: string;
  /** Free text of the annex that is neither a name nor an address. */
  readonly note?: string;
}

/** Table "RÉFÉRENTS ESMS NUMÉRIQUE - ARS" (18 rows, one per ARS). */
export const ANNEX_ARS_ROWS: readonly AnnexArsRow[] = [
  {
    annexLabel: 'Auvergne-Rhône-Alpes',
    genericMailboxes: [],
    referents: [
      { name: 'Jean-Michel GEAY', email: 'jean-michel.geay@ars.sante.fr' },
      { name: 'Héloïse LAPLUME', email: 'heloise.LAPLUME@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Bourgogne-Franche-Comté',
    genericMailboxes: ['ars-bfc-esms-numerique@ars.sante.fr'],
    referents: [
      { name: 'Claire-Hayat MERCHI', email: 'claire-hayat.merchi@ars.sante.fr' },
      { name: 'Bertrand LE RHUN', email: 'Bertrand.LERHUN@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Bretagne',
    genericMailboxes: ['ars-bretagne-dis@ars.sante.fr'],
    referents: [
      { name: 'Anne-Lise TILLY', email: 'anne-lise.tilly@ars.sante.fr' },
      { name: 'Sylvaine BRIEND', email: 'sylvaine.briend@esante-bretagne.fr' },
    ],
  },
  {
    annexLabel: 'Centre-Val de Loire',
    genericMailboxes: ['ars-cvl-esms-numerique@ars.sante.fr', 'esms.numerique@esante-centre.fr'],
    referents: [
      { name: 'Anne DUPEUTY', email: 'anne.dupeuty@ars.sante.fr' },
      { name: 'Grégory LIMODIN', email: 'gregory.limodin@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Corse',
    genericMailboxes: [],
    referents: [
      { name: 'Fanny LECLERC', email: 'fanny.leclerc@ars.sante.fr' },
      { name: 'Michel SPELLA', email: 'michel.spella@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Grand-Est',
    genericMailboxes: ['ars-grandest-esms-numerique@ars.sante.fr'],
    referents: [
      { name: 'Marion CRAPOIX', email: 'marion.crapoix@ars.sante.fr' },
      { name: 'Jacques PRINCET', email: 'jacques.princet@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Guadeloupe',
    genericMailboxes: ['ars971-esms-numerique@ars.sante.fr'],
    referents: [
      { name: 'Jean-François CAYET', email: 'jean-francois.cayet@ars.sante.fr' },
      { name: 'Sandy RAMASSAMY', email: 'sandy.ramassamy@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Guyane',
    genericMailboxes: ['ars-guyane-esante@ars.sante.fr'],
    referents: [
      { name: 'Michael BENOIT', email: 'michael.benoit@ars.sante.fr' },
      { name: 'Zéty BILLARD', email: 'zety.billard@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Hauts-de-France',
    genericMailboxes: ['ars-hdf-sims@ars.sante.fr'],
    referents: [
      { name: 'Peggy JATIERE', email: 'peggy.jatiere@ars.sante.fr' },
      { name: 'Emmanuel GUILBERT', email: 'emmanuel.GUILBERT@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Île-de-France',
    genericMailboxes: [],
    referents: [
      { name: 'Celine LAGREE', email: 'celine.LAGREE@ars.sante.fr' },
      { name: 'Mohamed ELKHOMRI', email: 'mohamed.elkhomri@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'La Réunion',
    genericMailboxes: ['ars-reunion-si-sante@ars.sante.fr'],
    referents: [
      { name: 'Marie XAVIER', email: 'marie.xavier@ars.sante.fr' },
      { name: 'Jordan NISCOISE', email: 'jordan.niscoise@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Martinique',
    genericMailboxes: ['ars-martinique-offre-medico-sociale@ars.sante.fr'],
    referents: [
      { name: 'Thomas TREUVELOT', email: 'thomas.treuvelot@ars.sante.fr' },
      { name: 'Gael CHEVALIER', email: 'Gael.chevalier@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Mayotte',
    genericMailboxes: ['ars-mayotte-medicosocial@ars.sante.fr'],
    referents: [
      { name: 'Eric SANZALONE', email: 'eric.sanzalone@ars.sante.fr' },
      { name: 'Maxime-François OGIER', email: 'maxime-francois.ogier@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Normandie',
    genericMailboxes: ['ars-normandie-esante@ars.sante.fr'],
    referents: [
      { name: 'Laurent VISEUR', email: 'Laurent.viseur@ars.sante.fr' },
      { name: 'Olivier ANGOT', email: 'o.angot@normand-esante.fr' },
    ],
  },
  {
    annexLabel: 'Nouvelle-Aquitaine',
    genericMailboxes: ['ars-na-esmsnumerique@ars.sante.fr'],
    referents: [
      { name: 'Marion BENQUET', email: 'marion.benquet@ars.sante.fr' },
      { name: 'Draghixa CRABEY', email: 'draghixa.crabey@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Occitanie',
    genericMailboxes: ['ars-oc-esms-numerique@ars.sante.fr'],
    referents: [
      { name: 'Julien DE JOYBERT', email: 'julien.dejoybert@ars.sante.fr' },
      { name: 'Hajar AHDIFI', email: 'hajar.ahdifi@ars.sante.fr' },
      { name: 'Christelle Miot', email: 'christelle.miot@ars.sante.fr' },
    ],
  },
  {
    annexLabel: 'Pays de la Loire',
    genericMailboxes: ['ars-pdl-esmsnumerique@ars.sante.fr'],
    referents: [
      { name: 'Rémi BARBA', email: 'remi.barba@ars.sante.fr' },
      { name: 'Jean-Loïc RETAUD', email: 'jean-loic.retaud@ars.sante.fr' },
    ],
  },
  {
    annexLabel: "Provence-Alpes-Côte d'Azur",
    genericMailboxes: ['ars-paca-esmsnumerique@ars.sante.fr'],
    referents: [
      { name: 'Caroline TOROSSIAN', email: 'caroline.torossian@ars.sante.fr' },
      { name: 'Patrice GAFFET', email: 'patrice.gaffet@ars.sante.fr' },
    ],
  },
];

/**
 * Table "GRADES" (17 rows: the annex has no row for Mayotte). Empty `contacts` where the annex
 * prints the GRADeS name only.
 */
export const ANNEX_GRADES_ROWS: readonly AnnexGradesRow[] = [
  // Printed "Sant& Numérique" (the space is the PDF line wrap inside the name).
  { annexLabel: 'Hauts-de-France', name: 'Sant&Numérique', contacts: [] },
  {
    annexLabel: 'Normandie',
    name: "Normand'e-Santé",
    contacts: [{ name: 'Contact commun à tous les projets e-santé', email: 'contact@normand-esante.fr' }],
  },
  {
    annexLabel: 'Île-de-France',
    name: 'SESAN',
    contacts: [{ name: 'Domitille Riffaud', role: 'Chef de projet Ségur Numérique', email: 'segur@sesan.fr' }],
  },
  {
    annexLabel: 'Grand Est',
    name: 'Pulsy',
    contacts: [{ name: 'Meta Fadiga', role: 'Contact programme ESMS numérique', email: 'meta.fadiga@pulsy.fr' }],
  },
  {
    annexLabel: 'Bretagne',
    name: 'GCS e-Santé Bretagne',
    contacts: [
      { name: 'Contact projet Ségur', email: 'contact.segur@esante-bretagne.fr' },
      { name: 'Contact collectif SI médico-social', email: 'contact@collectif-si-ms.bzh' },
    ],
  },
  {
    annexLabel: 'Pays de la Loire',
    name: 'e-Santé Pays de la Loire',
    contacts: [
      // The annex prints no address for Julie Tan.
      { name: 'Julie Tan', role: 'responsable du pôle ESMS' },
      { name: 'Contact collectif SI médico-social', email: 'contact@collectifsims-pdl.net' },
    ],
  },
  {
    annexLabel: 'Centre – Val de Loire',
    name: 'e-Santé Centre-Val-de-Loire',
    contacts: [{ name: 'Equipe projet Ségur', email: 'segur@esante-centre.fr' }],
  },
  {
    annexLabel: 'Bourgogne – Franche-Comté',
    name: 'e-Santé Bourgogne – Franche-Comté',
    contacts: [{ name: 'Equipe projet Ségur', email: 'segur@esante-bfc.fr' }],
    website: 'https://www.esante-bfc.fr/services/segur-du-numerique-en-sante/',
  },
  {
    annexLabel: 'Nouvelle-Aquitaine',
    name: 'ESEA',
    contacts: [{ name: 'Catriona Raboutet', role: 'coordinatrice Ségur', email: 'catriona.raboutet@esea-na.fr' }],
  },
  {
    annexLabel: 'Auvergne – Rhône-Alpes',
    name: 'GCS SARA',
    contacts: [{ name: 'Priscilla Ohling', role: 'cheffe de projet', email: 'esms.numerique@sante-ara.fr' }],
  },
  {
    annexLabel: 'Occitanie',
    name: 'e-Santé Occitanie',
    contacts: [],
    // The annex prints a link title and the domain only: "Institutionnel - Contact - Accompagnement
    // territorial - e-santé Occitanie (esante-occitanie.fr)".
    website: 'https://www.esante-occitanie.fr',
    note: 'En fonction du territoire — Institutionnel - Contact - Accompagnement territorial - e-santé Occitanie',
  },
  { annexLabel: "Provence-Alpes-Côte d'Azur", name: 'ieSS', contacts: [] },
  { annexLabel: 'Corse', name: 'Corse e-Santé', contacts: [] },
  {
    annexLabel: 'Réunion',
    name: 'TESIS',
    contacts: [
      { name: 'Mélanie Leroy', role: 'chargée de formation médico-social', email: 'm.leroy@tesis.re' },
      { name: 'Stéphane Depeux', role: 'chef de projet', email: 's.depeux@tesis.re' },
      { name: 'Pauline Lambert', role: 'cheffe de projet', email: 'p.lambert@tesis.re' },
    ],
  },
  { annexLabel: 'Guadeloupe', name: 'GCS Archipel 971', contacts: [] },
  { annexLabel: 'Martinique', name: 'GCS SIS Martinique', contacts: [] },
  { annexLabel: 'Guyane', name: 'GCS Guyasis', contacts: [] },
];
