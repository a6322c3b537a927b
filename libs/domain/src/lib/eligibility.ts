/**
 * Eligibility report E01–E12 (003 §4.1–4.2, 002, 001; domain-rules §3).
 * Severity: BLOCKING (cannot be funded), CONDITION (fundable once met), WARNING (ARS judgement), INFO.
 */
import { isSubmissionOnTime, type Track } from './calendar';
import { checkFiness, isOverseasOrCorse } from './finess';
import type { FundingSituation } from './funding';
import { grappeSizeCheck } from './grappe';
import { missingPieces, type PiecesProject } from './pieces';

export type EligibilityCode = 'E01' | 'E02' | 'E03' | 'E04' | 'E05' | 'E06' | 'E07' | 'E08' | 'E09' | 'E10' | 'E11' | 'E12';
export type EligibilitySeverity = 'BLOCKING' | 'CONDITION' | 'WARNING' | 'INFO';
export type EligibilityStatus = 'OK' | 'KO' | 'TO_CHECK';

export interface EligibilityItem {
  code: EligibilityCode;
  severity: EligibilitySeverity;
  status: EligibilityStatus;
  /** French, says what to do. */
  message: string;
  finess?: string;
}

export type ReferencingStatus = 'REFERENCED' | 'IN_PROGRESS' | 'NOT_REFERENCED';
export type Couloir = 'MEDICO_SOCIAL' | 'HOPITAL' | 'OTHER';

export interface SoftwareSolution {
  /** Product name as referenced by the ANS (compared case-insensitively). */
  name: string;
  editor?: string;
  referencing: ReferencingStatus;
  couloir: Couloir;
  /** Ségur vague (1 required). */
  vague: number;
}

/** Field of an ESSMS that is exempt from Ségur referencing when the whole project is made of them (002). */
export type ExemptField = 'AHI' | 'PJM';

/**
 * FINESS categories identifying AHI (accueil, hébergement, insertion) and PJM (protection juridique des majeurs).
 * Platform decision: 340 service mandataire judiciaire (shared/data/finess/README.md) and 214 CHRS; the list is a
 * parameter to complete from the FINESS nomenclature. `EligibilityEssms.exemptField` overrides the category.
 */
export const AHI_PJM_CATEGORIES: Readonly<Record<string, ExemptField>> = Object.freeze({ '340': 'PJM', '214': 'AHI' });

/** FINESS categories of health establishments, not ESSMS (README: 365 clinic). */
export const NON_ESSMS_CATEGORIES: readonly string[] = Object.freeze(['365']);

export interface EligibilityEssms {
  finess: string;
  situation: FundingSituation;
  /** Current DUI product, null when none. */
  currentDui?: string | null;
  solution: SoftwareSolution;
  /** Name of the national entity the ESSMS is attached to, if any (003 §4.2 B). */
  nationalEntity?: string | null;
  isSaad?: boolean;
  /** SAAD with "confort" activity: funded pro rata (003 §4.1, annex 1). */
  hasConfortActivity?: boolean;
  /** FINESS category code (categorieentiteGeographiqueExercice), e.g. '500' EHPAD. */
  category?: string;
  exemptField?: ExemptField;
  regionCode?: string;
}

export interface PastFunding {
  campaign: string;
  /** ESMS numérique funding received; 'NONE' when the record is only a SONS order. */
  situation: FundingSituation | 'NONE';
  softwareSolution: string;
  /** The ESSMS ordered the Prestation Ségur (SONS) for this software. */
  sonsOrdered: boolean;
}

export interface GhtConditions {
  /** 1. a public procurement contract the ESSMS can benefit from. */
  publicProcurementContract: boolean;
  /** 2. a DPI functional-coverage study against the national DUI requirements (piece P14). */
  dpiCoverageStudy: boolean;
  /** 3. no EU or HOP'EN funding for these ESSMS. */
  noEuOrHopenFunding: boolean;
}

export interface EligibilityProject {
  porteurIsGht: boolean;
  ght?: GhtConditions;
  /** Other EU structural/investment funds for this operation (FEDER, FSE…); undefined when not declared. */
  otherEuFunds?: string[];
  selfDiagnostics?: { anapMaturitySecurity: boolean; anapManagementLevel: boolean; cyber13Measures: boolean };
  /** Codes of uploaded pieces. */
  presentPieces: string[];
  hardwareRequested: boolean;
  /** An OG's DUI reused for PDE/PDS structures (P14). */
  ogDuiReusedForPdePds?: boolean;
  arsRequestedOtherPieces?: boolean;
  joinsFundedRegroupement?: boolean;
  submittedAt?: Date;
  track?: Track;
}

export interface EligibilityInput {
  essms: EligibilityEssms[];
  project: EligibilityProject;
  /** Past fundings per FINESS ET, across campaigns (E03–E05). */
  fundingHistory?: Record<string, PastFunding[]>;
}

export interface EligibilityReport {
  items: EligibilityItem[];
  /** At least one BLOCKING item KO. */
  blocking: boolean;
  /** CONDITION items not yet OK. */
  conditions: EligibilityItem[];
  /** WARNING items not OK (ARS judgement, justification needed). */
  warnings: EligibilityItem[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function exemptFieldOf(e: EligibilityEssms): ExemptField | null {
  return e.exemptField ?? (e.category ? (AHI_PJM_CATEGORIES[e.category] ?? null) : null);
}

export function eligibilityReport(input: EligibilityInput): EligibilityReport {
  const { essms, project } = input;
  const history = input.fundingHistory ?? {};
  const items: EligibilityItem[] = [];
  const push = (item: EligibilityItem) => items.push(item);

  // E01 — 003 §4.1: every ESSMS of art. L312-1 CASF is eligible.
  for (const e of essms) {
    if (e.category && NON_ESSMS_CATEGORIES.includes(e.category)) {
      push({ code: 'E01', severity: 'BLOCKING', status: 'KO', finess: e.finess, message: `La structure ${e.finess} (catégorie ${e.category}) est un établissement de santé, pas un ESSMS de l'article L312-1 du CASF : retirez-la du projet.` });
    } else if (e.isSaad && e.hasConfortActivity) {
      push({ code: 'E01', severity: 'INFO', status: 'OK', finess: e.finess, message: `Le SAAD ${e.finess} est éligible pour son activité médico-sociale seulement : le financement sera calculé au prorata des heures déclarées (pièce P11).` });
    } else {
      push({ code: 'E01', severity: 'INFO', status: 'OK', finess: e.finess, message: `L'ESSMS ${e.finess} relève de l'article L312-1 du CASF : il est éligible.` });
    }
  }

  // E02 — 003 §4.2 A: no other EU structural/investment fund.
  if (project.otherEuFunds === undefined) {
    push({ code: 'E02', severity: 'BLOCKING', status: 'TO_CHECK', message: "Indiquez si l'opération bénéficie d'autres fonds européens (FEDER, FSE…)." });
  } else if (project.otherEuFunds.length) {
    push({ code: 'E02', severity: 'BLOCKING', status: 'KO', message: `L'opération bénéficie déjà de fonds européens (${project.otherEuFunds.join(', ')}) : elle ne peut pas être financée par ESMS numérique. Une acquisition puis une montée de version sont deux opérations distinctes.` });
  } else {
    push({ code: 'E02', severity: 'BLOCKING', status: 'OK', message: "Aucun autre fonds européen n'est déclaré pour cette opération." });
  }

  // E03–E05 — 003 §4.2 A: funding history per FINESS ET.
  for (const e of essms) {
    const past = history[e.finess] ?? [];
    const funded = past.filter((p) => p.situation !== 'NONE');
    const sameSoftware = funded.filter((p) => same(p.softwareSolution, e.solution.name));
    const otherSoftware = funded.filter((p) => !same(p.softwareSolution, e.solution.name));
    push(
      sameSoftware.length
        ? { code: 'E03', severity: 'BLOCKING', status: 'KO', finess: e.finess, message: `L'ESSMS ${e.finess} a déjà été financé pour ${e.solution.name} (campagne ${sameSoftware[0].campaign}) : il ne peut pas l'être une seconde fois pour le même logiciel ; retirez-le du projet.` }
        : { code: 'E03', severity: 'BLOCKING', status: 'OK', finess: e.finess, message: `Aucun financement antérieur de ${e.solution.name} pour l'ESSMS ${e.finess}.` },
    );
    push(
      otherSoftware.length
        ? { code: 'E04', severity: 'BLOCKING', status: 'KO', finess: e.finess, message: `L'ESSMS ${e.finess} a déjà été financé pour un autre DUI (${otherSoftware[0].softwareSolution}, campagne ${otherSoftware[0].campaign}) : il ne peut pas l'être pour un second logiciel ; retirez-le du projet.` }
        : { code: 'E04', severity: 'BLOCKING', status: 'OK', finess: e.finess, message: `Aucun financement antérieur d'un autre DUI pour l'ESSMS ${e.finess}.` },
    );
    const sons = past.filter((p) => p.sonsOrdered && !same(p.softwareSolution, e.solution.name));
    push(
      e.situation === 'ACQUISITION' && sons.length
        ? { code: 'E05', severity: 'BLOCKING', status: 'KO', finess: e.finess, message: `L'ESSMS ${e.finess} a commandé la Prestation Ségur (SONS) pour ${sons[0].softwareSolution} : il ne peut pas être financé pour acquérir un autre DUI.` }
        : { code: 'E05', severity: 'BLOCKING', status: 'OK', finess: e.finess, message: `Pas de Prestation Ségur incompatible pour l'ESSMS ${e.finess}.` },
    );
  }

  // E06 — 003 §4.2 B: national entity's written agreement (P13).
  const hasP13 = project.presentPieces.includes('P13');
  for (const e of essms.filter((x) => x.nationalEntity)) {
    push({
      code: 'E06',
      severity: 'CONDITION',
      status: hasP13 ? 'OK' : 'KO',
      finess: e.finess,
      message: hasP13
        ? `L'accord écrit de l'entité nationale (${e.nationalEntity}) est joint.`
        : `L'ESSMS ${e.finess} est rattaché à ${e.nationalEntity} : joignez l'accord écrit de cette entité (pièce P13).`,
    });
  }

  // E07 — 003 §4.2 C: one software solution for the whole project.
  const solutionNames = [...new Set(essms.map((e) => e.solution.name.trim().toLowerCase()))];
  push(
    solutionNames.length > 1
      ? { code: 'E07', severity: 'BLOCKING', status: 'KO', message: `Tous les ESSMS doivent s'équiper de la même solution ; le projet en compte ${solutionNames.length} (${[...new Set(essms.map((e) => e.solution.name))].join(', ')}) : choisissez-en une seule.` }
      : { code: 'E07', severity: 'BLOCKING', status: 'OK', message: 'Tous les ESSMS utilisent la même solution logicielle.' },
  );

  // E08 — 003 §4.2 C, 002 (AHI/PJM exemption).
  items.push(...referencingItems(essms, project));

  // E09 — 003 §4.2 D.
  const uniqueCount = new Set(essms.map((e) => e.finess.trim().toUpperCase())).size;
  const overseasOrCorse =
    essms.length > 0 &&
    essms.every((e) => {
      const region = e.regionCode ?? (() => { const c = checkFiness(e.finess); return c.ok ? c.regionCode : null; })();
      return isOverseasOrCorse(region);
    });
  const size = grappeSizeCheck(uniqueCount, { overseasOrCorse, joinsFundedRegroupement: project.joinsFundedRegroupement });
  push({ code: 'E09', severity: 'WARNING', status: size.status === 'OK' ? 'OK' : 'TO_CHECK', message: size.message });

  // E10 — 003 §4.2 E: self-diagnostics (invited, never blocking).
  const diag = project.selfDiagnostics;
  const missingDiag = [
    !diag?.anapMaturitySecurity && "l'autodiagnostic ANAP de maturité et de sécurité du SI",
    !diag?.anapManagementLevel && "l'autodiagnostic ANAP de niveau de gestion du SI (RSI/DSI)",
    !diag?.cyber13Measures && 'le positionnement de chaque ESSMS sur les 13 mesures de cybersécurité',
  ].filter((x): x is string => !!x);
  push(
    missingDiag.length
      ? { code: 'E10', severity: 'WARNING', status: 'TO_CHECK', message: `Il est recommandé de joindre ${missingDiag.join(', ')} (pièce P12).` }
      : { code: 'E10', severity: 'WARNING', status: 'OK', message: 'Les trois autodiagnostics sont réalisés.' },
  );

  // E11 — 003 annex 2: required pieces.
  const piecesProject: PiecesProject = {
    hasSaad: essms.some((e) => e.isSaad),
    attachedToNationalEntity: essms.some((e) => !!e.nationalEntity),
    ghtDpiChosen: project.porteurIsGht && essms.some((e) => e.solution.couloir === 'HOPITAL'),
    ogDuiReusedForPdePds: project.ogDuiReusedForPdePds,
    hardwareRequested: project.hardwareRequested,
    arsRequestedOtherPieces: project.arsRequestedOtherPieces,
  };
  const missing = missingPieces(piecesProject, project.presentPieces);
  push(
    missing.length
      ? { code: 'E11', severity: 'BLOCKING', status: 'KO', message: `Joignez les pièces obligatoires manquantes : ${missing.map((p) => `${p.code} ${p.label}`).join(' ; ')}.` }
      : { code: 'E11', severity: 'BLOCKING', status: 'OK', message: 'Toutes les pièces obligatoires sont jointes.' },
  );

  // E12 — 003 §4.6: submitted within the campaign.
  if (!project.submittedAt || !project.track) {
    push({ code: 'E12', severity: 'BLOCKING', status: 'TO_CHECK', message: 'Le dossier n’est pas encore déposé : déposez-le avant la date de clôture de la campagne (minuit, heure de Paris).' });
  } else {
    const onTime = isSubmissionOnTime(project.track, project.submittedAt);
    push(
      onTime
        ? { code: 'E12', severity: 'BLOCKING', status: 'OK', message: 'Le dossier a été déposé pendant la campagne.' }
        : { code: 'E12', severity: 'BLOCKING', status: 'KO', message: `Le dossier a été déposé hors de la période de la campagne (du ${project.track.opensOn} au ${project.track.closesOn} minuit, heure de Paris) : il est non recevable ; l'ARS peut toutefois dialoguer avec vous pour l'ajuster.` },
    );
  }

  return {
    items,
    blocking: items.some((i) => i.severity === 'BLOCKING' && i.status === 'KO'),
    conditions: items.filter((i) => i.severity === 'CONDITION' && i.status !== 'OK'),
    warnings: items.filter((i) => i.severity === 'WARNING' && i.status !== 'OK'),
  };
}

/** E08 — 003 §4.2 C (référencement Ségur vague 1, couloir médico-social; GHT exception) and 002 (AHI/PJM only). */
function referencingItems(essms: EligibilityEssms[], project: EligibilityProject): EligibilityItem[] {
  if (essms.length > 0 && essms.every((e) => exemptFieldOf(e) !== null)) {
    return [{ code: 'E08', severity: 'INFO', status: 'OK', message: "Projet composé uniquement d'ESSMS AHI et/ou PJM : pas d'obligation de solution référencée Ségur ; assurez-vous que le logiciel permet d'atteindre les cibles d'usage (002)." }];
  }
  const bySolution = new Map<string, SoftwareSolution>();
  for (const e of essms) bySolution.set(e.solution.name.trim().toLowerCase(), e.solution);
  const out: EligibilityItem[] = [];
  for (const s of bySolution.values()) {
    if (s.couloir === 'MEDICO_SOCIAL' && s.vague >= 1 && s.referencing === 'REFERENCED') {
      out.push({ code: 'E08', severity: 'BLOCKING', status: 'OK', message: `${s.name} est référencée Ségur vague ${s.vague}, couloir médico-social.` });
    } else if (s.couloir === 'MEDICO_SOCIAL' && s.referencing === 'IN_PROGRESS') {
      out.push({ code: 'E08', severity: 'CONDITION', status: 'TO_CHECK', message: `${s.name} est en cours de référencement Ségur : le référencement devra intervenir avant le démarrage du paramétrage.` });
    } else if (s.couloir === 'HOPITAL' && s.referencing === 'REFERENCED' && project.porteurIsGht) {
      const g = project.ght;
      const missing = [
        !g?.publicProcurementContract && 'un marché public ouvert aux ESSMS du projet',
        !g?.dpiCoverageStudy && 'une étude de couverture fonctionnelle du DPI au regard du cahier des charges national du DUI (pièce P14)',
        !g?.noEuOrHopenFunding && "l'absence de financement européen ou HOP'EN pour ces ESSMS",
      ].filter((x): x is string => !!x);
      out.push(
        missing.length
          ? { code: 'E08', severity: 'BLOCKING', status: 'KO', message: `Porteur GHT avec une solution du couloir hôpital : justifiez ${missing.join(', ')}.` }
          : { code: 'E08', severity: 'BLOCKING', status: 'OK', message: `${s.name} est référencée Ségur couloir hôpital ; les trois conditions GHT sont remplies.` },
      );
    } else if (s.couloir === 'HOPITAL' && s.referencing === 'IN_PROGRESS' && project.porteurIsGht) {
      out.push({ code: 'E08', severity: 'CONDITION', status: 'TO_CHECK', message: `${s.name} est en cours de référencement Ségur (couloir hôpital) : le référencement devra intervenir avant le paramétrage, et les trois conditions GHT être justifiées.` });
    } else {
      out.push({ code: 'E08', severity: 'BLOCKING', status: 'KO', message: `${s.name} n'est pas référencée Ségur vague 1 dans le couloir médico-social : choisissez une solution référencée (liste sur le site de l'ANS).` });
    }
  }
  return out;
}
