/**
 * The candidature lifecycle, declared once as data (style.md: declarative rules shared by API, UI and docs).
 * Sources: 003 §4.6 (non recevable after closing, dialogue still possible), §4.5 (convention, advance, balance),
 * 003 §6 / 001 (instruction, selection committee per window).
 */

export type CandidatureState =
  | 'DRAFT'
  | 'SUBMITTED'
  | 'COMPLEMENT_REQUESTED'
  | 'UNDER_INSTRUCTION'
  | 'IN_COMMITTEE'
  | 'RETAINED'
  | 'NOT_RETAINED'
  | 'POSTPONED'
  | 'NON_RECEVABLE'
  | 'CONVENTION_SIGNED'
  | 'ADVANCE_PAID'
  | 'IN_DEPLOYMENT'
  | 'BALANCE_REQUESTED'
  | 'CLOSED';

export const CANDIDATURE_STATES: readonly CandidatureState[] = Object.freeze([
  'DRAFT', 'SUBMITTED', 'COMPLEMENT_REQUESTED', 'UNDER_INSTRUCTION', 'IN_COMMITTEE', 'RETAINED', 'NOT_RETAINED',
  'POSTPONED', 'NON_RECEVABLE', 'CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED',
] as CandidatureState[]);

export const STATE_LABELS: Readonly<Record<CandidatureState, string>> = Object.freeze({
  DRAFT: 'Brouillon',
  SUBMITTED: 'Déposée',
  COMPLEMENT_REQUESTED: 'Compléments demandés',
  UNDER_INSTRUCTION: "En cours d'instruction",
  IN_COMMITTEE: 'En comité de sélection',
  RETAINED: 'Retenue',
  NOT_RETAINED: 'Non retenue',
  POSTPONED: 'Ajournée',
  NON_RECEVABLE: 'Non recevable',
  CONVENTION_SIGNED: 'Convention signée',
  ADVANCE_PAID: 'Avance versée',
  IN_DEPLOYMENT: 'En déploiement',
  BALANCE_REQUESTED: 'Solde demandé',
  CLOSED: 'Clôturée',
});

export type LifecycleRole = 'PORTEUR' | 'INSTRUCTEUR' | 'CNSA' | 'SYSTEM';

export type LifecycleAction =
  | 'submit'
  | 'request_complement'
  | 'provide_complement'
  | 'start_instruction'
  | 'declare_non_recevable'
  | 'reopen'
  | 'send_to_committee'
  | 'retain'
  | 'not_retain'
  | 'postpone'
  | 'sign_convention'
  | 'pay_advance'
  | 'start_deployment'
  | 'request_balance'
  | 'refuse_balance'
  | 'pay_balance';

/** Facts the guards need; each caller fills what it knows. */
export interface LifecycleContext {
  /** Submission on time for the project's track (see isSubmissionOnTime). */
  submissionOnTime?: boolean;
  /** The instructeur explicitly reopened a late file (traced): late submission allowed (003 §4.6). */
  reopenedByInstructeur?: boolean;
  /** Blocking eligibility items still KO (see eligibilityReport().blocking). */
  blockingEligibility?: boolean;
  /** Required pieces missing (codes). */
  missingPieces?: string[];
  /** A written reason / comment given with the action. */
  reason?: string;
  /** Balance conditions still missing (see balanceConditions). */
  missingBalanceConditions?: string[];
}

export interface Transition {
  from: CandidatureState;
  to: CandidatureState;
  action: LifecycleAction;
  roles: LifecycleRole[];
  /** French refusal, or null when allowed. */
  guard?: (ctx: LifecycleContext) => string | null;
}

const INSTRUCTION: LifecycleRole[] = ['INSTRUCTEUR', 'CNSA']; // CNSA instructs the national desk (003 §4.3)

const needsReason = (what: string) => (ctx: LifecycleContext) =>
  ctx.reason && ctx.reason.trim() ? null : `Indiquez un motif pour ${what}.`;

const canSubmit = (ctx: LifecycleContext): string | null => {
  if (ctx.submissionOnTime === false && !ctx.reopenedByInstructeur) {
    return "La campagne est close pour ce type de projet : le dépôt n'est plus recevable. Contactez votre ARS, qui peut rouvrir le dossier (003 §4.6).";
  }
  if (ctx.missingPieces && ctx.missingPieces.length) {
    return `Joignez les pièces obligatoires manquantes avant de déposer : ${ctx.missingPieces.join(', ')}.`;
  }
  if (ctx.blockingEligibility) {
    return "Le projet ne remplit pas un critère d'éligibilité bloquant : corrigez les points signalés avant de déposer.";
  }
  return null;
};

export const TRANSITIONS: readonly Transition[] = Object.freeze([
  { from: 'DRAFT', to: 'SUBMITTED', action: 'submit', roles: ['PORTEUR'], guard: canSubmit },
  { from: 'SUBMITTED', to: 'COMPLEMENT_REQUESTED', action: 'request_complement', roles: INSTRUCTION, guard: needsReason('la demande de compléments') },
  { from: 'UNDER_INSTRUCTION', to: 'COMPLEMENT_REQUESTED', action: 'request_complement', roles: INSTRUCTION, guard: needsReason('la demande de compléments') },
  {
    from: 'COMPLEMENT_REQUESTED',
    to: 'SUBMITTED',
    action: 'provide_complement',
    roles: ['PORTEUR'],
    guard: (ctx) => (ctx.missingPieces && ctx.missingPieces.length ? `Joignez les pièces obligatoires manquantes : ${ctx.missingPieces.join(', ')}.` : null),
  },
  { from: 'SUBMITTED', to: 'UNDER_INSTRUCTION', action: 'start_instruction', roles: INSTRUCTION },
  { from: 'SUBMITTED', to: 'NON_RECEVABLE', action: 'declare_non_recevable', roles: INSTRUCTION, guard: needsReason('la non-recevabilité') },
  { from: 'UNDER_INSTRUCTION', to: 'NON_RECEVABLE', action: 'declare_non_recevable', roles: INSTRUCTION, guard: needsReason('la non-recevabilité') },
  // 003 §4.6: the ARS and the porteur may still dialogue after closing to make the file receivable.
  { from: 'NON_RECEVABLE', to: 'DRAFT', action: 'reopen', roles: INSTRUCTION, guard: needsReason('la réouverture du dossier') },
  { from: 'UNDER_INSTRUCTION', to: 'IN_COMMITTEE', action: 'send_to_committee', roles: INSTRUCTION },
  { from: 'POSTPONED', to: 'IN_COMMITTEE', action: 'send_to_committee', roles: INSTRUCTION },
  { from: 'IN_COMMITTEE', to: 'RETAINED', action: 'retain', roles: INSTRUCTION },
  { from: 'IN_COMMITTEE', to: 'NOT_RETAINED', action: 'not_retain', roles: INSTRUCTION, guard: needsReason('la décision de non-sélection') },
  { from: 'IN_COMMITTEE', to: 'POSTPONED', action: 'postpone', roles: INSTRUCTION, guard: needsReason("l'ajournement") },
  // 003 §4.5.1: 50 % at the signature of the ARS–porteur convention.
  { from: 'RETAINED', to: 'CONVENTION_SIGNED', action: 'sign_convention', roles: INSTRUCTION },
  { from: 'CONVENTION_SIGNED', to: 'ADVANCE_PAID', action: 'pay_advance', roles: [...INSTRUCTION, 'SYSTEM'] },
  { from: 'ADVANCE_PAID', to: 'IN_DEPLOYMENT', action: 'start_deployment', roles: ['PORTEUR', 'SYSTEM'] },
  // 003 §4.5.2: the balance needs the usage targets and a certified expense statement.
  {
    from: 'IN_DEPLOYMENT',
    to: 'BALANCE_REQUESTED',
    action: 'request_balance',
    roles: ['PORTEUR'],
    guard: (ctx) => (ctx.missingBalanceConditions && ctx.missingBalanceConditions.length ? ctx.missingBalanceConditions.join(' ') : null),
  },
  { from: 'BALANCE_REQUESTED', to: 'IN_DEPLOYMENT', action: 'refuse_balance', roles: INSTRUCTION, guard: needsReason('le refus du solde') },
  { from: 'BALANCE_REQUESTED', to: 'CLOSED', action: 'pay_balance', roles: [...INSTRUCTION, 'SYSTEM'] },
] as Transition[]);

export type LifecycleErrorCode = 'UNKNOWN_TRANSITION' | 'FORBIDDEN_ROLE' | 'GUARD_REFUSED';

export class LifecycleError extends Error {
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
    readonly state: CandidatureState,
    readonly action: string,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}

export interface AvailableAction {
  action: LifecycleAction;
  to: CandidatureState;
  /** French refusal when the guard currently refuses (the UI shows the action disabled with this text). */
  refusal: string | null;
}

/** Actions this role may take from this state, with the guard's current answer. */
export function availableActions(state: CandidatureState, role: LifecycleRole, ctx: LifecycleContext = {}): AvailableAction[] {
  return TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role)).map((t) => ({
    action: t.action,
    to: t.to,
    refusal: t.guard ? t.guard(ctx) : null,
  }));
}

/** The new state, or a LifecycleError (unknown transition, role not allowed, guard refusal in French). */
export function transition(state: CandidatureState, action: LifecycleAction, role: LifecycleRole, ctx: LifecycleContext = {}): CandidatureState {
  const t = TRANSITIONS.find((x) => x.from === state && x.action === action);
  if (!t) {
    throw new LifecycleError('UNKNOWN_TRANSITION', `L'action « ${action} » n'est pas possible pour une candidature à l'état « ${STATE_LABELS[state]} ».`, state, action);
  }
  if (!t.roles.includes(role)) {
    throw new LifecycleError('FORBIDDEN_ROLE', `L'action « ${action} » n'est pas permise à votre profil à l'état « ${STATE_LABELS[state]} ».`, state, action);
  }
  const refusal = t.guard ? t.guard(ctx) : null;
  if (refusal) throw new LifecycleError('GUARD_REFUSED', refusal, state, action);
  return t.to;
}

/** Parts of the candidature file, each editable in some states by some roles. */
export type FilePart =
  | 'identity'
  | 'grappe'
  | 'solution'
  | 'funding'
  | 'pieces'
  | 'saad'
  | 'instruction'
  | 'decision'
  | 'convention'
  | 'usageMeasurements'
  | 'expenses';

export const FILE_PARTS: readonly FilePart[] = Object.freeze([
  'identity', 'grappe', 'solution', 'funding', 'pieces', 'saad', 'instruction', 'decision', 'convention', 'usageMeasurements', 'expenses',
] as FilePart[]);

const PORTEUR_FILE: FilePart[] = ['identity', 'grappe', 'solution', 'funding', 'pieces', 'saad'];

/**
 * Who may edit what, per state (single source for API and UI). The porteur's file is editable in DRAFT and
 * while complements are requested; it is sealed once submitted otherwise.
 */
export const EDITABLE_PARTS: Readonly<Partial<Record<CandidatureState, Partial<Record<LifecycleRole, readonly FilePart[]>>>>> = Object.freeze({
  DRAFT: { PORTEUR: PORTEUR_FILE },
  COMPLEMENT_REQUESTED: { PORTEUR: PORTEUR_FILE },
  SUBMITTED: { INSTRUCTEUR: ['instruction'], CNSA: ['instruction'] },
  UNDER_INSTRUCTION: { INSTRUCTEUR: ['instruction'], CNSA: ['instruction'] },
  IN_COMMITTEE: { INSTRUCTEUR: ['decision'], CNSA: ['decision'] },
  POSTPONED: { INSTRUCTEUR: ['instruction'], CNSA: ['instruction'] },
  RETAINED: { INSTRUCTEUR: ['convention'], CNSA: ['convention'] },
  ADVANCE_PAID: { PORTEUR: ['usageMeasurements', 'expenses'] },
  IN_DEPLOYMENT: { PORTEUR: ['usageMeasurements', 'expenses'] },
});

export function editableParts(state: CandidatureState, role: LifecycleRole): FilePart[] {
  return [...(EDITABLE_PARTS[state]?.[role] ?? [])];
}

/** A part is sealed in a state when no role may edit it there. */
export function isSealed(state: CandidatureState, part: FilePart): boolean {
  const byRole = EDITABLE_PARTS[state] ?? {};
  return !Object.values(byRole).some((parts) => parts?.includes(part));
}
