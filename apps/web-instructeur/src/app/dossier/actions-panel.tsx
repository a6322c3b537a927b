import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { FIRE_CANDIDATURE_ACTION_MUTATION, gatewayErrorInfo, type InstructionAvailableAction } from '@esms/graphql-client';

// Actions with their own screens (dialogue tab, committee page, convention tab) are not fired from here.
const HANDLED_ELSEWHERE = new Set(['request_complement', 'provide_complement', 'reopen', 'retain', 'not_retain', 'postpone', 'submit', 'sign_convention']);

export interface ActionsPanelProps {
  candidatureId: string;
  version: number;
  actions: InstructionAvailableAction[];
  onDone(): void;
}

/** The lifecycle actions the server offers to this person now; refused ones stay visible with the reason. */
export function ActionsPanel({ candidatureId, version, actions, onDone }: ActionsPanelProps) {
  const [open, setOpen] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [fire, { loading, error, reset }] = useMutation(FIRE_CANDIDATURE_ACTION_MUTATION);
  const shown = actions.filter((a) => !HANDLED_ELSEWHERE.has(a.action));
  const openAction = shown.find((a) => a.action === open);
  if (!shown.length) return null;

  const run = async (action: InstructionAvailableAction, withComment?: string) => {
    await fire({ variables: { id: candidatureId, action: action.action, comment: withComment ?? null, expectedVersion: version } });
    setOpen(null);
    setComment('');
    onDone();
  };

  return (
    <section aria-labelledby="titre-actions" className="fr-mb-3w">
      <h2 id="titre-actions" className="fr-h6 fr-mb-1w">
        Actions sur le dossier
      </h2>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {shown.map((action) => (
          <li key={action.action}>
            <Button
              priority={action.refusal ? 'tertiary' : 'secondary'}
              disabled={Boolean(action.refusal) || loading}
              nativeButtonProps={{ 'aria-describedby': action.refusal ? `refus-${action.action}` : undefined, 'data-action': action.action } as never}
              onClick={() => {
                reset();
                if (action.needsComment) setOpen(action.action);
                else void run(action).catch(() => undefined);
              }}
            >
              {action.label}
            </Button>
            {action.refusal && (
              <p id={`refus-${action.action}`} className="fr-hint-text fr-mb-1w" style={{ maxWidth: '22rem', marginTop: '-0.75rem' }}>
                {action.refusal}
              </p>
            )}
          </li>
        ))}
      </ul>
      {openAction &&
        (() => {
          const action = openAction;
          return (
            <form
              className="fr-p-2w fr-mb-2w"
              style={{ border: '1px solid var(--border-default-grey)' }}
              onSubmit={(e) => {
                e.preventDefault();
                void run(action, comment).catch(() => undefined);
              }}
            >
              <div className="fr-input-group">
                <label className="fr-label" htmlFor="motif-action">
                  Motif — {action.label} (vers « {action.toLabel} »)
                </label>
                <textarea className="fr-input" id="motif-action" required minLength={3} value={comment} onChange={(e) => setComment(e.target.value)} />
              </div>
              <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                <li>
                  <Button type="submit" disabled={loading}>
                    Confirmer
                  </Button>
                </li>
                <li>
                  <Button type="button" priority="tertiary" onClick={() => setOpen(null)}>
                    Annuler
                  </Button>
                </li>
              </ul>
            </form>
          );
        })()}
      {error && <Alert severity="error" small description={gatewayErrorInfo(error).message ?? 'L’action n’a pas abouti.'} />}
    </section>
  );
}
