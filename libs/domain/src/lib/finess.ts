/**
 * FINESS numbers, départements and regions.
 * Facts (shared/data/finess/README.md, checked on sample-structures.json): 9 characters; the last digit
 * is a Luhn key over the 9 characters (A counts 1, B counts 2); Corsica 2A/2B; overseas 9701–9704,
 * 9805 Mayotte, 9806 Wallis-et-Futuna.
 * Regions come from @etalab/decoupage-administratif (INSEE codes), never typed by hand.
 */
import { DomainValidationError } from './errors';

interface EtalabRegion {
  code: string;
  nom: string;
  zone: 'metro' | 'drom' | 'com';
}
interface EtalabDepartement {
  code: string;
  region: string;
  nom: string;
  zone: 'metro' | 'drom' | 'com';
}
// The package index reads files with fs relative to the cwd (unusable in browsers): import its JSON data directly.
// The boundary rule allows '@etalab/decoupage-administratif' but not its sub-paths, hence the targeted disable.
// JSON imports work the same under Node, jest and Vite (a `require` would not exist in the browser).
// eslint-disable-next-line @nx/enforce-module-boundaries -- official INSEE lists, see above
import regionsData from '@etalab/decoupage-administratif/data/regions.json';
// eslint-disable-next-line @nx/enforce-module-boundaries -- official INSEE lists, see above
import departementsData from '@etalab/decoupage-administratif/data/departements.json';

const etalabRegions = regionsData as EtalabRegion[];
const etalabDepartements = departementsData as EtalabDepartement[];

export interface Region {
  /** INSEE region code, e.g. '28' Normandie, '94' Corse, '04' La Réunion. */
  code: string;
  name: string;
  isOverseas: boolean;
  isCorse: boolean;
}

const CORSE_REGION_CODE = '94';

/** The 18 regions (13 metropolitan incl. Corse, 5 overseas), each with an ARS. Collectivités d'outre-mer ('com') have no ARS and are left out. */
export const REGIONS: readonly Region[] = Object.freeze(
  etalabRegions
    .filter((r) => r.zone !== 'com')
    .map((r) => Object.freeze({ code: r.code, name: r.nom, isOverseas: r.zone === 'drom', isCorse: r.code === CORSE_REGION_CODE }))
    .sort((a, b) => a.code.localeCompare(b.code)),
);

const regionByCode = new Map(REGIONS.map((r) => [r.code, r]));
const departementByCode = new Map(etalabDepartements.map((d) => [d.code, d]));

/** Region code (INSEE) of a département code ('14', '2A', '974'); null when unknown or outside any ARS region (e.g. '986' Wallis-et-Futuna). */
export function regionOfDepartement(code: string): string | null {
  const d = departementByCode.get(code.toUpperCase());
  return d && regionByCode.has(d.region) ? d.region : null;
}

/** Département codes of a region, sorted. */
export function departementsOfRegion(code: string): string[] {
  return etalabDepartements
    .filter((d) => d.region === code)
    .map((d) => d.code)
    .sort();
}

/** Overseas or Corse: grappe minimum 8 instead of 15 and small-organisme threshold 8 instead of 15 (003 §4.2 D, §4.4.2 3). */
export function isOverseasOrCorse(regionCode: string | null | undefined): boolean {
  const r = regionCode ? regionByCode.get(regionCode) : undefined;
  return !!r && (r.isOverseas || r.isCorse);
}

export type FinessCheck =
  | {
      ok: true;
      finess: string;
      departement: string;
      /** null for Wallis-et-Futuna (9806): a valid FINESS but no ARS region (platform decision). */
      regionCode: string | null;
      warning?: string;
    }
  | { ok: false; reason: string };

/** Luhn digit values: digits as is, A = 1, B = 2 (Corse). */
function keyDigits(value: string): number[] {
  return value.split('').map((ch) => (ch === 'A' ? 1 : ch === 'B' ? 2 : Number(ch)));
}

function luhnSum(digits: number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // position counted from the right, the rightmost being position 0
    let d = digits[digits.length - 1 - i];
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/** The Luhn key (9th character) for the first 8 characters of a FINESS number. For demo data generators. */
export function generateFinessKey(first8: string): string {
  const v = first8.trim().toUpperCase();
  if (!/^[0-9]{2}[0-9]{6}$|^2[AB][0-9]{6}$/.test(v)) {
    throw new DomainValidationError('first8', `« ${first8} » : il faut 8 caractères (chiffres, ou 2A/2B suivi de 6 chiffres).`);
  }
  const sum = luhnSum([...keyDigits(v), 0]);
  return String((10 - (sum % 10)) % 10);
}

/** Département of a FINESS prefix: '14…' → '14', '2A…' → '2A', '9704…' → '974', '9805…' → '976' (Mayotte), '9806…' → '986'. */
function departementOfFiness(v: string): string | null {
  if (/^2[AB]/.test(v)) return v.slice(0, 2);
  if (v.startsWith('970')) return ['1', '2', '3', '4'].includes(v[3]) ? `97${v[3]}` : null;
  if (v.startsWith('9805')) return '976';
  if (v.startsWith('9806')) return '986';
  const two = v.slice(0, 2);
  if (two === '00' || two === '20' || two >= '96') return null;
  return two;
}

/** Checks a FINESS number (ET or EJ): format, département prefix and Luhn key. Accepts surrounding spaces and lower-case a/b. */
export function checkFiness(value: string): FinessCheck {
  const v = String(value ?? '').trim().toUpperCase();
  if (v.length !== 9) {
    return { ok: false, reason: `Le numéro FINESS « ${value} » doit comporter exactement 9 caractères : vérifiez-le sur finess.esante.gouv.fr.` };
  }
  if (!/^([0-9]{2}|2[AB])[0-9]{7}$/.test(v)) {
    return { ok: false, reason: `Le numéro FINESS « ${value} » ne doit contenir que des chiffres (sauf 2A/2B en Corse) : corrigez la saisie.` };
  }
  const departement = departementOfFiness(v);
  if (!departement) {
    return {
      ok: false,
      reason: `Le numéro FINESS « ${value} » ne commence pas par un code de département connu (01 à 95, 2A/2B, 9701 à 9704, 9805, 9806) : vérifiez les premiers chiffres.`,
    };
  }
  const regionCode = regionOfDepartement(departement);
  const keyOk = luhnSum(keyDigits(v)) % 10 === 0;
  const warnings: string[] = [];
  if (!keyOk) {
    if (departement !== '2B') {
      return { ok: false, reason: `La clé du numéro FINESS « ${value} » est incorrecte (dernier chiffre) : vérifiez qu'aucun chiffre n'a été inversé ou mal recopié.` };
    }
    // README: B most likely counts 2 for the key, not confirmed: accept with a warning.
    warnings.push(`La clé du numéro FINESS « ${v} » n'a pas pu être confirmée (numéro de Haute-Corse) : vérifiez-le sur finess.esante.gouv.fr.`);
  }
  if (regionCode === null) {
    warnings.push(`Le numéro FINESS « ${v} » relève de Wallis-et-Futuna, qui ne dépend d'aucune ARS : le programme ESMS numérique ne s'y applique pas, à confirmer avec la CNSA.`);
  }
  return { ok: true, finess: v, departement, regionCode, ...(warnings.length ? { warning: warnings.join(' ') } : {}) };
}

/** Region name for display, e.g. '28' → 'Normandie'. */
export function regionName(code: string): string | null {
  return regionByCode.get(code)?.name ?? null;
}
