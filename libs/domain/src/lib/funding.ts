/**
 * The ESMS numérique subsidy (003 §4.4, annex 1; domain-rules §4). Backs the public GraphQL `fundingSimulation`.
 * Integer euros everywhere; HT or TTC according to the porteur's VAT regime (recorded elsewhere, not converted).
 */
import { deskFor, type Desk } from './desk';
import { DomainValidationError } from './errors';
import { checkFiness, isOverseasOrCorse } from './finess';
import { minimumGrappeSize } from './grappe';
import { splitPayment } from './payment';

/** ACQUISITION: no DUI, or changing DUI. UPGRADE: keeps its DUI and moves to a Ségur-referenced version (mise à niveau). */
export type FundingSituation = 'ACQUISITION' | 'UPGRADE';

export interface FundingEssmsInput {
  /** FINESS géographique (ET). */
  finess: string;
  /** INSEE region code; derived from the FINESS when absent. */
  regionCode?: string;
  situation: FundingSituation;
  /** FINESS juridique (EJ) of the organisme gestionnaire. */
  organismeFinessEj?: string;
  /** Hardware & infrastructure quote, euros (small organismes only). */
  hardwareQuote?: number;
  /** SAAD with "confort" activity: total hours of year N-1 (003 annex 1). */
  saadTotalHours?: number;
  /** SAAD: medico-social hours of year N-1 (APA, PCH, other CD or pension-fund funded). */
  saadMedicoSocialHours?: number;
}

export interface FundingInput {
  essms: FundingEssmsInput[];
  /** AMOA forfait asked (003 §4.4.2 3). */
  amoa?: boolean;
  /** ESSMS managed per organisme (FINESS EJ → count), as known in the directory. */
  organismeSizes?: Record<string, number>;
}

export interface FundingLine {
  finess: string;
  rank: number;
  situation: FundingSituation;
  usages: number;
  software: number;
  hardware: number;
  /** SAAD prorata applied to usages and software (1 when not a SAAD with confort activity). */
  prorata: number;
}

export interface FundingResult {
  essmsCount: number;
  regionCount: number;
  desk: Desk;
  multiregional: boolean;
  usages: number;
  software: number;
  hardware: number;
  amoa: number;
  total: number;
  advance: number;
  balance: number;
  lines: FundingLine[];
  /** French sentences for the porteur and the instructeur. */
  notices: string[];
}

/** Amounts and thresholds: campaign parameters, with their source (style.md "Rules"). */
export interface FundingRules {
  source: string;
  /** Ranks below this get the first tier ("jusqu'au 49e ESSMS"), from this rank on the volume tier. */
  volumeTierFromRank: number;
  usages: Record<FundingSituation, { upTo49: number; from50: number }>;
  software: Record<FundingSituation, { upTo49: number; from50: number }>;
  hardwareCapPerEssms: number;
  amoaPerProject: number;
  /** An organisme is small when it manages fewer ESSMS than this. */
  smallOrganismeBelow: number;
  smallOrganismeBelowOverseasOrCorse: number;
}

/** 003 §4.4.2 (AAP 2024, same amounts in 001 for 2023). */
export const FUNDING_RULES_2024: FundingRules = Object.freeze({
  source: '003 §4.4.2',
  volumeTierFromRank: 50,
  usages: { ACQUISITION: { upTo49: 7000, from50: 2000 }, UPGRADE: { upTo49: 5000, from50: 2000 } },
  // Upgrade software is paid to the editor through SONS (Prestation Ségur): 0 here.
  software: { ACQUISITION: { upTo49: 14000, from50: 3000 }, UPGRADE: { upTo49: 0, from50: 0 } },
  hardwareCapPerEssms: 20000,
  amoaPerProject: 100000,
  smallOrganismeBelow: 15,
  smallOrganismeBelowOverseasOrCorse: 8,
}) as FundingRules;

/** Nearest euro, half up (a prorated line of 3 500,5 € gives 3 501 €). */
export function roundEuro(value: number): number {
  return Math.floor(value + 0.5 + 1e-9);
}

/** Tier amount for a rank (1-based). */
export function tierAmount(tier: { upTo49: number; from50: number }, rank: number, rules: FundingRules = FUNDING_RULES_2024): number {
  return rank < rules.volumeTierFromRank ? tier.upTo49 : tier.from50;
}

function validateProrata(e: FundingEssmsInput, i: number): number {
  const { saadTotalHours: total, saadMedicoSocialHours: medico } = e;
  if (total === undefined && medico === undefined) return 1;
  if (total === undefined || !Number.isFinite(total) || total <= 0) {
    throw new DomainValidationError(
      `essms[${i}].saadTotalHours`,
      `ESSMS ${e.finess} : indiquez le nombre total d'heures d'activité de l'année N-1, supérieur à zéro (003 annexe 1).`,
    );
  }
  if (medico === undefined || !Number.isFinite(medico) || medico < 0 || medico > total) {
    throw new DomainValidationError(
      `essms[${i}].saadMedicoSocialHours`,
      `ESSMS ${e.finess} : les heures médico-sociales (APA, PCH, autres financeurs) doivent être comprises entre 0 et le total des heures (${total}).`,
    );
  }
  return medico / total;
}

interface PreparedEssms {
  input: FundingEssmsInput;
  finess: string;
  regionCode: string | null;
  organisme: string | null;
  prorata: number;
}

/**
 * 003 §4.4 and annex 1. Platform decisions (domain-rules §4, to be confirmed by the ARS):
 * - each FINESS counted once, first occurrence kept;
 * - rank: acquisitions first then upgrades, each by FINESS ascending (the seeds give no order; FINESS
 *   order is stable and reproducible by the porteur);
 * - small organisme: size from `organismeSizes`, else the ESSMS of the input; its threshold is 8 when the
 *   organisme's FINESS EJ is in overseas/Corse, 15 otherwise; an ESSMS without organisme cannot be shown to
 *   belong to a small organisme: no hardware, and no AMOA for the grappe (notice);
 * - hardware: min(quote rounded down to the euro, 20 000), 0 without a quote; not prorated for SAAD;
 * - grappe minimum: 8 when every ESSMS is in overseas/Corse, 15 otherwise.
 */
export function computeFunding(input: FundingInput, rules: FundingRules = FUNDING_RULES_2024): FundingResult {
  const notices: string[] = [];
  const prepared: PreparedEssms[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];

  input.essms.forEach((e, i) => {
    const check = checkFiness(e.finess);
    if (!check.ok) throw new DomainValidationError(`essms[${i}].finess`, check.reason);
    if (check.warning) notices.push(check.warning);
    let organisme: string | null = null;
    if (e.organismeFinessEj !== undefined && e.organismeFinessEj.trim() !== '') {
      const ej = checkFiness(e.organismeFinessEj);
      if (!ej.ok) throw new DomainValidationError(`essms[${i}].organismeFinessEj`, `Organisme gestionnaire : ${ej.reason}`);
      organisme = ej.finess;
    }
    if (e.hardwareQuote !== undefined && (!Number.isFinite(e.hardwareQuote) || e.hardwareQuote < 0)) {
      throw new DomainValidationError(`essms[${i}].hardwareQuote`, `ESSMS ${check.finess} : le devis de matériel doit être un montant positif ou nul en euros.`);
    }
    const prorata = validateProrata(e, i);
    if (seen.has(check.finess)) {
      duplicates.push(check.finess);
      return;
    }
    seen.add(check.finess);
    prepared.push({ input: e, finess: check.finess, regionCode: e.regionCode ?? check.regionCode, organisme, prorata });
  });

  if (duplicates.length) {
    notices.push(`Les ESSMS ${[...new Set(duplicates)].join(', ')} figurent plusieurs fois : chaque FINESS géographique n'est compté qu'une fois (003 §4.4.1).`);
  }

  // Ranking (platform decision).
  const acquisitions = prepared.filter((p) => p.input.situation === 'ACQUISITION');
  const upgrades = prepared.filter((p) => p.input.situation === 'UPGRADE');
  const byFiness = (a: PreparedEssms, b: PreparedEssms) => a.finess.localeCompare(b.finess);
  const ranked = [...acquisitions.sort(byFiness), ...upgrades.sort(byFiness)];
  if (acquisitions.length && upgrades.length) {
    notices.push(
      "Grappe mixte (acquisitions et mises à niveau) : les ESSMS en acquisition sont classés en premier, puis ceux en mise à niveau, chacun par numéro FINESS croissant ; l'ARS doit confirmer ce calcul (003 §3.1, « conditions particulières »).",
    );
  }

  // Small organismes (003 §4.4.2 3).
  const countInInput = new Map<string, number>();
  for (const p of prepared) if (p.organisme) countInInput.set(p.organisme, (countInInput.get(p.organisme) ?? 0) + 1);
  const sizes = new Map<string, number>();
  for (const [ej, n] of Object.entries(input.organismeSizes ?? {})) {
    const c = checkFiness(ej);
    sizes.set(c.ok ? c.finess : ej.trim().toUpperCase(), n);
  }
  const isSmall = (organisme: string | null): boolean => {
    if (!organisme) return false;
    const size = sizes.get(organisme) ?? countInInput.get(organisme) ?? 0;
    const ej = checkFiness(organisme);
    const threshold = ej.ok && isOverseasOrCorse(ej.regionCode) ? rules.smallOrganismeBelowOverseasOrCorse : rules.smallOrganismeBelow;
    return size < threshold;
  };

  const withoutOrganisme = prepared.filter((p) => !p.organisme).map((p) => p.finess);
  if (withoutOrganisme.length && prepared.some((p) => p.input.hardwareQuote !== undefined || input.amoa)) {
    notices.push(
      `Renseignez l'organisme gestionnaire (FINESS juridique) des ESSMS ${withoutOrganisme.join(', ')} : sans lui, les financements réservés aux petits organismes (matériel, AMOA) ne peuvent pas être calculés.`,
    );
  }

  const lines: FundingLine[] = ranked.map((p, index) => {
    const rank = index + 1;
    const situation = p.input.situation;
    const usages = roundEuro(tierAmount(rules.usages[situation], rank, rules) * p.prorata);
    const software = roundEuro(tierAmount(rules.software[situation], rank, rules) * p.prorata);
    const small = isSmall(p.organisme);
    const quote = p.input.hardwareQuote;
    const hardware = small && quote !== undefined ? Math.min(Math.floor(quote), rules.hardwareCapPerEssms) : 0;
    return { finess: p.finess, rank, situation, usages, software, hardware, prorata: p.prorata };
  });

  const notSmallWithQuote = ranked.filter((p) => p.organisme && p.input.hardwareQuote !== undefined && !isSmall(p.organisme)).map((p) => p.finess);
  if (notSmallWithQuote.length) {
    notices.push(
      `Le financement du matériel est réservé aux petits organismes gestionnaires (moins de ${rules.smallOrganismeBelow} ESSMS, moins de ${rules.smallOrganismeBelowOverseasOrCorse} en outre-mer et en Corse) : il n'est pas accordé pour ${notSmallWithQuote.join(', ')} (003 §4.4.2).`,
    );
  }
  if (ranked.some((p) => p.input.hardwareQuote !== undefined && p.input.hardwareQuote > rules.hardwareCapPerEssms && isSmall(p.organisme))) {
    notices.push(`Le financement du matériel est plafonné à ${rules.hardwareCapPerEssms} € par ESSMS et ne peut dépasser la dépense réelle (003 §4.4).`);
  }
  if (lines.some((l) => l.hardware > 0)) {
    notices.push("Joignez le plan d'implantation du matériel (pièce P15), obligatoire pour le financement du matériel.");
  }
  if (ranked.some((p) => p.prorata < 1)) {
    notices.push("Les montants des SAAD sont calculés au prorata des heures médico-sociales déclarées (pièce P11), vérifiables par l'ARS auprès du conseil départemental (003 annexe 1).");
  }

  let amoa = 0;
  if (input.amoa) {
    const organismes = [...new Set(ranked.map((p) => p.organisme))];
    const allSmall = ranked.length > 0 && organismes.every((o) => isSmall(o));
    if (allSmall) amoa = rules.amoaPerProject;
    else {
      notices.push(
        "Le forfait AMOA de 100 000 € est réservé aux regroupements composés uniquement de petits organismes gestionnaires ; il n'est pas accordé à ce projet (003 §4.4.2).",
      );
    }
  }

  const desk = deskFor(ranked.filter((p) => p.regionCode).map((p) => ({ finess: p.finess, regionCode: p.regionCode as string })));
  const overseasOrCorse = ranked.length > 0 && ranked.every((p) => isOverseasOrCorse(p.regionCode));
  const minimum = minimumGrappeSize(overseasOrCorse);
  if (ranked.length === 0) notices.push('Ajoutez au moins un ESSMS pour simuler le financement.');
  else if (ranked.length < minimum) {
    notices.push(
      `Le projet compte ${ranked.length} ESSMS, moins que les ${minimum} attendus${overseasOrCorse ? ' en outre-mer et en Corse' : ''} : il reste recevable s'il rejoint un regroupement déjà financé, sinon à l'appréciation de l'ARS (003 §4.2 D).`,
    );
  }

  const usages = sum(lines.map((l) => l.usages));
  const software = sum(lines.map((l) => l.software));
  const hardware = sum(lines.map((l) => l.hardware));
  const total = usages + software + hardware + amoa;
  const { advance, balance } = splitPayment(total);
  return {
    essmsCount: ranked.length,
    regionCount: desk.regions.length,
    desk: desk.desk,
    multiregional: desk.multiregional,
    usages,
    software,
    hardware,
    amoa,
    total,
    advance,
    balance,
    lines,
    notices,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
