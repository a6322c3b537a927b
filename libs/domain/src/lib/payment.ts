/** Payment of the subsidy (003 §4.5). Integer euros. */
import { DomainValidationError } from './errors';

export interface PaymentSplit {
  advance: number;
  balance: number;
}

/** 003 §4.5.1: 50 % advance at the signature of the convention, 50 % at project end. Odd euro goes to the advance (ceil). */
export function splitPayment(total: number): PaymentSplit {
  if (!Number.isInteger(total) || total < 0) {
    throw new DomainValidationError('total', `Le montant total doit être un nombre entier d'euros positif ou nul (reçu : ${total}).`);
  }
  const advance = Math.ceil(total / 2);
  return { advance, balance: total - advance };
}

export interface BalanceConditionsInput {
  /** Usage targets of 003 §5 reached at project end (see usageRates). */
  targetsReached: boolean;
  /** État récapitulatif des dépenses visé par le comptable public ou le commissaire aux comptes. */
  certifiedExpenseStatement: boolean;
}

/** 003 §4.5.2: conditions still missing before the balance can be paid (French, empty when payable). */
export function balanceConditions(input: BalanceConditionsInput): string[] {
  const missing: string[] = [];
  if (!input.targetsReached) {
    missing.push("Les cibles d'usage ne sont pas atteintes : le solde sera versé lorsque les cinq indicateurs atteindront leur valeur cible (003 §5).");
  }
  if (!input.certifiedExpenseStatement) {
    missing.push('Joignez un état récapitulatif des dépenses visé par le comptable public ou le commissaire aux comptes (003 §4.5.2).');
  }
  return missing;
}

/** 003 §4.4.1: the hardware line can never exceed the real expense. */
export function hardwarePayable(granted: number, provenExpense: number): number {
  if (granted < 0 || provenExpense < 0) {
    throw new DomainValidationError(granted < 0 ? 'granted' : 'provenExpense', 'Les montants doivent être positifs ou nuls.');
  }
  return Math.min(granted, Math.floor(provenExpense));
}

/**
 * 003 §4.5.2: indicative project duration from start to end of deployment, not opposable to the porteur and
 * not applicable to national projects: at most 9 months without software change, 18 months for acquisitions.
 */
export function indicativeDurationMonths(project: { anyAcquisition: boolean; desk: 'REGIONAL' | 'NATIONAL' }): number | null {
  if (project.desk === 'NATIONAL') return null;
  return project.anyAcquisition ? 18 : 9;
}
