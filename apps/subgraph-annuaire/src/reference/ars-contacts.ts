/**
 * ARS ESMS-numérique referents and GRADeS per region, keyed by INSEE region code.
 * Source: annexes "CONTACTS UTILES" of seed 004 (see `ars-contacts.data.ts` for the transcription and
 * the repairs made to the text extraction). Region codes come from
 * `@etalab/decoupage-administratif` (data/regions.json), matched on the printed region label.
 */
import regions from '@etalab/decoupage-administratif/data/regions.json';
import { ANNEX_ARS_ROWS, ANNEX_GRADES_ROWS, AnnexGradesContact } from './ars-contacts.data';

export interface ArsReferent {
  readonly name: string;
  readonly email: string;
}

export type GradesContact = AnnexGradesContact;

export interface GradesInfo {
  readonly name: string;
  readonly contacts: readonly GradesContact[];
  readonly website?: string;
  readonly note?: string;
}

export interface RegionArsContacts {
  /** INSEE region code ("28" Normandie, "04" La Réunion…). */
  readonly regionCode: string;
  /** Official name (COG). */
  readonly regionName: string;
  readonly ars: {
    readonly genericMailboxes: readonly string[];
    readonly referents: readonly ArsReferent[];
  };
  /** `null` when the annex has no GRADeS row for the region. */
  readonly grades: GradesInfo | null;
  /** What the annex does not give for this region (empty lists / null above). */
  readonly absentFromAnnex: { readonly ars: boolean; readonly grades: boolean };
}

interface CogRegion {
  code: string;
  nom: string;
  zone: string;
}

/** The 18 regions that have an ARS (metropolitan regions and the 5 DROM). */
export const ARS_REGIONS: readonly { readonly code: string; readonly name: string }[] = (regions as CogRegion[])
  .filter((r) => r.zone === 'metro' || r.zone === 'drom')
  .map((r) => ({ code: r.code, name: r.nom }));

/** Lower case, no accents, no article, letters and digits only: "Centre – Val de Loire" → "centrevaldeloire". */
export function normalizeRegionLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^(la|le|l')\s*/, '')
    .replace(/[^a-z0-9]/g, '');
}

/** INSEE code of the ARS region whose official name matches `label`; throws when none matches. */
export function regionCodeFromLabel(label: string): string {
  const wanted = normalizeRegionLabel(label);
  const found = ARS_REGIONS.filter((r) => normalizeRegionLabel(r.name) === wanted);
  if (found.length !== 1) {
    throw new Error(`Région inconnue dans l'annexe : « ${label} »`);
  }
  return found[0].code;
}

/** Loose e-mail syntax check (local@domain.tld, no spaces, no markup). */
export const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

function build(): Readonly<Record<string, RegionArsContacts>> {
  const arsByCode = new Map(ANNEX_ARS_ROWS.map((row) => [regionCodeFromLabel(row.annexLabel), row]));
  const gradesByCode = new Map(ANNEX_GRADES_ROWS.map((row) => [regionCodeFromLabel(row.annexLabel), row]));
  const out: Record<string, RegionArsContacts> = {};
  for (const region of ARS_REGIONS) {
    const ars = arsByCode.get(region.code);
    const grades = gradesByCode.get(region.code);
    out[region.code] = {
      regionCode: region.code,
      regionName: region.name,
      ars: {
        genericMailboxes: ars ? [...ars.genericMailboxes] : [],
        referents: ars ? ars.referents.map((r) => ({ ...r })) : [],
      },
      grades: grades
        ? {
            name: grades.name,
            contacts: grades.contacts.map((c) => ({ ...c })),
            ...(grades.website ? { website: grades.website } : {}),
            ...(grades.note ? { note: grades.note } : {}),
          }
        : null,
      absentFromAnnex: { ars: !ars, grades: !grades },
    };
  }
  return Object.freeze(out);
}

/** Referents and GRADeS for each of the 18 regions, keyed by INSEE region code. */
export const ARS_CONTACTS: Readonly<Record<string, RegionArsContacts>> = build();

export function getArsContacts(regionCode: string): RegionArsContacts | undefined {
  return ARS_CONTACTS[regionCode];
}

/** Every e-mail address of the reference (ARS generic + named, GRADeS contacts). */
export function allArsContactEmails(): string[] {
  return Object.values(ARS_CONTACTS).flatMap((r) => [
    ...r.ars.genericMailboxes,
    ...r.ars.referents.map((x) => x.email),
    ...(r.grades?.contacts ?? []).flatMap((c) => (c.email ? [c.email] : [])),
  ]);
}

/** Known gaps of the annex, for display next to the data ("à compléter par l'ARS"). */
export const ARS_CONTACTS_GAPS: readonly string[] = [
  'Mayotte (06) : aucune ligne dans le tableau des GRADeS de l’annexe.',
  'GRADeS sans contact dans l’annexe : Hauts-de-France, Provence-Alpes-Côte d’Azur, Corse, Guadeloupe, Martinique, Guyane.',
  'Occitanie : contact GRADeS « en fonction du territoire » (site e-santé Occitanie), sans adresse.',
  'Pays de la Loire : Julie Tan (e-Santé Pays de la Loire) sans adresse électronique dans l’annexe.',
  'ARS sans adresse générique dans l’annexe : Auvergne-Rhône-Alpes, Corse, Île-de-France.',
];
