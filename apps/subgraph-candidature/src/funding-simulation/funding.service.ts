import { checkFiness, computeFunding, DomainValidationError, type FundingEssmsInput, type FundingResult } from '@esms/domain';
import { badInput } from '@esms/server-kit';
import { organismeSizes } from '../annuaire/annuaire-client';

export const MAX_SIMULATED_ESSMS = 2000;

export const ANNUAIRE_FALLBACK_NOTICE =
  "L'annuaire FINESS n'a pas pu être consulté : la taille des organismes gestionnaires est estimée d'après les seuls ESSMS saisis ; le montant du matériel et de l'AMOA est donc indicatif.";

/**
 * The subsidy for a set of ESSMS: the numbers come only from `computeFunding` (@esms/domain); this service
 * adds the organisme sizes read from the annuaire and maps rule errors to BAD_USER_INPUT.
 */
export async function fundingFor(essms: FundingEssmsInput[], amoa: boolean): Promise<FundingResult> {
  if (essms.length > MAX_SIMULATED_ESSMS) {
    throw badInput(`La simulation accepte au plus ${MAX_SIMULATED_ESSMS} ESSMS (reçu : ${essms.length}) : découpez la grappe ou contactez la CNSA.`, {
      field: 'essms',
    });
  }
  const organismes = new Set<string>();
  for (const e of essms) {
    if (!e.organismeFinessEj) continue;
    const c = checkFiness(e.organismeFinessEj);
    if (c.ok) organismes.add(c.finess);
  }
  const sizes = organismes.size ? await organismeSizes([...organismes]) : {};
  try {
    const result = computeFunding({ essms, amoa, organismeSizes: sizes ?? {} });
    if (sizes === null) result.notices.push(ANNUAIRE_FALLBACK_NOTICE);
    return result;
  } catch (error) {
    if (error instanceof DomainValidationError) throw badInput(error.message, { field: error.field });
    throw error;
  }
}

/** GraphQL nulls become absent values for the domain. */
export function toFundingEssms(e: {
  finess: string;
  regionCode?: string | null;
  situation: 'ACQUISITION' | 'UPGRADE';
  organismeFinessEj?: string | null;
  hardwareQuote?: number | null;
  saadTotalHours?: number | null;
  saadMedicoSocialHours?: number | null;
}): FundingEssmsInput {
  const out: FundingEssmsInput = { finess: e.finess, situation: e.situation };
  if (e.regionCode != null && e.regionCode !== '') out.regionCode = e.regionCode;
  if (e.organismeFinessEj != null && e.organismeFinessEj !== '') out.organismeFinessEj = e.organismeFinessEj;
  if (e.hardwareQuote != null) out.hardwareQuote = e.hardwareQuote;
  if (e.saadTotalHours != null) out.saadTotalHours = e.saadTotalHours;
  if (e.saadMedicoSocialHours != null) out.saadMedicoSocialHours = e.saadMedicoSocialHours;
  return out;
}
