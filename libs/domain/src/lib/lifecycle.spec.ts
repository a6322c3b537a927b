import {
  availableActions,
  CANDIDATURE_STATES,
  editableParts,
  FILE_PARTS,
  isSealed,
  LifecycleError,
  STATE_LABELS,
  transition,
  TRANSITIONS,
  type CandidatureState,
} from './lifecycle';

describe('lifecycle', () => {
  it('every state has a French label and every transition uses declared states', () => {
    for (const s of CANDIDATURE_STATES) expect(STATE_LABELS[s]).toBeTruthy();
    for (const t of TRANSITIONS) {
      expect(CANDIDATURE_STATES).toContain(t.from);
      expect(CANDIDATURE_STATES).toContain(t.to);
    }
  });

  it('every state except DRAFT is reachable from DRAFT; only CLOSED and NOT_RETAINED are final', () => {
    const reached = new Set<CandidatureState>(['DRAFT']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of TRANSITIONS) {
        if (reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...CANDIDATURE_STATES].sort());
    const finals = CANDIDATURE_STATES.filter((s) => !TRANSITIONS.some((t) => t.from === s));
    expect(finals.sort()).toEqual(['CLOSED', 'NOT_RETAINED']);
  });

  it('the happy path, as a workflow example', () => {
    const steps: [string, 'PORTEUR' | 'INSTRUCTEUR' | 'SYSTEM', object?][] = [
      ['submit', 'PORTEUR', { submissionOnTime: true }],
      ['start_instruction', 'INSTRUCTEUR'],
      ['send_to_committee', 'INSTRUCTEUR'],
      ['retain', 'INSTRUCTEUR'],
      ['sign_convention', 'INSTRUCTEUR'],
      ['pay_advance', 'SYSTEM'],
      ['start_deployment', 'PORTEUR'],
      ['request_balance', 'PORTEUR', { missingBalanceConditions: [] }],
      ['pay_balance', 'INSTRUCTEUR'],
    ];
    let s: CandidatureState = 'DRAFT';
    for (const [action, role, ctx] of steps) s = transition(s, action as never, role, ctx);
    expect(s).toBe('CLOSED');
  });

  it('003 §4.6: a late submission is refused, unless the instructeur reopened the file', () => {
    expect(() => transition('DRAFT', 'submit', 'PORTEUR', { submissionOnTime: false })).toThrow(/campagne est close/);
    expect(transition('DRAFT', 'submit', 'PORTEUR', { submissionOnTime: false, reopenedByInstructeur: true })).toBe('SUBMITTED');
  });

  it('003 §4.6: non recevable, then reopened by the instructeur with a reason (dialogue after closing)', () => {
    expect(transition('SUBMITTED', 'declare_non_recevable', 'INSTRUCTEUR', { reason: 'Déposé après clôture' })).toBe('NON_RECEVABLE');
    expect(() => transition('NON_RECEVABLE', 'reopen', 'INSTRUCTEUR', {})).toThrow(/motif/);
    expect(transition('NON_RECEVABLE', 'reopen', 'INSTRUCTEUR', { reason: 'Ajustement convenu' })).toBe('DRAFT');
  });

  it('submission refused with missing pieces or blocking eligibility', () => {
    expect(() => transition('DRAFT', 'submit', 'PORTEUR', { missingPieces: ['P15'] })).toThrow(/P15/);
    expect(() => transition('DRAFT', 'submit', 'PORTEUR', { blockingEligibility: true })).toThrow(/éligibilité/);
  });

  it('003 §4.5.2: balance refused while conditions are missing', () => {
    try {
      transition('IN_DEPLOYMENT', 'request_balance', 'PORTEUR', { missingBalanceConditions: ['Joignez un état récapitulatif des dépenses.'] });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(LifecycleError);
      expect((e as LifecycleError).code).toBe('GUARD_REFUSED');
    }
  });

  it('typed errors: unknown transition and forbidden role', () => {
    expect(() => transition('DRAFT', 'retain', 'INSTRUCTEUR')).toThrow(expect.objectContaining({ code: 'UNKNOWN_TRANSITION' }));
    expect(() => transition('IN_COMMITTEE', 'retain', 'PORTEUR')).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
  });

  it('003 §4.3: CNSA instructs national files like an instructeur', () => {
    expect(transition('SUBMITTED', 'start_instruction', 'CNSA')).toBe('UNDER_INSTRUCTION');
  });

  it('availableActions lists actions with the guard refusal', () => {
    expect(availableActions('IN_COMMITTEE', 'INSTRUCTEUR').map((a) => a.action)).toEqual(['retain', 'not_retain', 'postpone']);
    expect(availableActions('IN_COMMITTEE', 'PORTEUR')).toEqual([]);
    expect(availableActions('DRAFT', 'PORTEUR', { submissionOnTime: false })[0].refusal).toMatch(/close/);
  });

  it('editable and sealed parts', () => {
    expect(editableParts('DRAFT', 'PORTEUR')).toEqual(['identity', 'grappe', 'solution', 'funding', 'pieces', 'saad']);
    expect(editableParts('SUBMITTED', 'PORTEUR')).toEqual([]);
    expect(editableParts('COMPLEMENT_REQUESTED', 'PORTEUR')).toContain('pieces');
    expect(isSealed('SUBMITTED', 'grappe')).toBe(true);
    expect(isSealed('DRAFT', 'grappe')).toBe(false);
    expect(isSealed('UNDER_INSTRUCTION', 'instruction')).toBe(false);
    expect(isSealed('IN_DEPLOYMENT', 'usageMeasurements')).toBe(false);
    expect(FILE_PARTS.every((p) => isSealed('CLOSED', p))).toBe(true);
  });
});
