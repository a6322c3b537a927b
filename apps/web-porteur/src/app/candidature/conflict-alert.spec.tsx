import { act, fireEvent, render, screen } from '@testing-library/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { CandidatureDetail } from '@esms/graphql-client';
import { ConflictAlert, CONFLICT_TITLE } from './conflict-alert';
import { EditorProvider, findVersion, useEditor } from './editor-context';

describe('ConflictAlert', () => {
  it('explains that nothing was overwritten and offers to reload', () => {
    const onReload = jest.fn();
    render(<ConflictAlert onReload={onReload} />);
    expect(screen.getByText(CONFLICT_TITLE)).toBeTruthy();
    expect(screen.getByText(/n’a pas été enregistrée, pour ne pas écraser la sienne/)).toBeTruthy();
    // Focus moves to the alert (one role="alert", the DSFR one: nested alerts are announced twice).
    expect(document.activeElement?.querySelectorAll('[role="alert"]').length).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Recharger le dossier' }));
    expect(onReload).toHaveBeenCalled();
  });

  it('says who changed the file and when, with the server’s words, and that nothing was overwritten', () => {
    const detail = 'La candidature a été modifiée entre-temps par un membre de votre organisme le 26/11/2026 10:20 : rechargez la page pour voir la dernière version, puis refaites votre modification.';
    render(<ConflictAlert detail={detail} onReload={() => undefined} />);
    expect(screen.getByTestId('conflict-detail').textContent).toBe(`${detail} Votre dernière saisie n’a pas été enregistrée, pour ne pas écraser la sienne.`);
  });
});

function Probe({ run }: { run: (v: number) => Promise<unknown> }) {
  const { save, conflict, conflictMessage, saveState } = useEditor();
  return (
    <>
      <button onClick={() => void save(run)}>enregistrer</button>
      <p>{conflict ? `conflit : ${conflictMessage}` : 'pas de conflit'}</p>
      <p>{saveState.status === 'error' ? saveState.message : saveState.status}</p>
    </>
  );
}

const candidature = { id: 'c1', version: 3, state: 'DRAFT', readOnly: false } as CandidatureDetail;

describe('EditorProvider.save', () => {
  it('raises the conflict banner on CONFLICT', async () => {
    const run = jest.fn().mockRejectedValue(
      new CombinedGraphQLErrors({ errors: [{ message: 'Modifiée entre-temps : rechargez.', extensions: { code: 'CONFLICT' } }] }),
    );
    render(
      <EditorProvider candidature={candidature} refetch={async () => ({})}>
        <Probe run={run} />
      </EditorProvider>,
    );
    await act(async () => fireEvent.click(screen.getByText('enregistrer')));
    expect(run).toHaveBeenCalledWith(3);
    expect(screen.getByText('conflit : Modifiée entre-temps : rechargez.')).toBeTruthy();
  });

  it('sends, for successive saves, the version the previous save returned', async () => {
    const run = jest
      .fn()
      .mockResolvedValueOnce({ data: { updateCandidatureDossier: { __typename: 'Candidature', id: 'c1', version: 4 } } })
      .mockResolvedValueOnce({ data: { updateCandidatureDossier: { __typename: 'Candidature', id: 'c1', version: 5 } } });
    render(
      <EditorProvider candidature={candidature} refetch={async () => ({})}>
        <Probe run={run} />
      </EditorProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByText('enregistrer'));
      fireEvent.click(screen.getByText('enregistrer'));
    });
    expect(run.mock.calls.map((c) => c[0])).toEqual([3, 4]);
    expect(screen.getByText('pas de conflit')).toBeTruthy();
  });

  it('shows the BAD_USER_INPUT message as is', async () => {
    const run = jest.fn().mockResolvedValue({
      error: new CombinedGraphQLErrors({ errors: [{ message: 'Le total des heures doit égaler la somme.', extensions: { code: 'BAD_USER_INPUT' } }] }),
    });
    render(
      <EditorProvider candidature={candidature} refetch={async () => ({})}>
        <Probe run={run} />
      </EditorProvider>,
    );
    await act(async () => fireEvent.click(screen.getByText('enregistrer')));
    expect(screen.getByText('Le total des heures doit égaler la somme.')).toBeTruthy();
  });
});

describe('findVersion', () => {
  it('finds the candidature version in a nested mutation answer', () => {
    expect(findVersion({ importGrappeMembers: { added: 2, candidature: { __typename: 'Candidature', version: 9 } } })).toBe(9);
    expect(findVersion(null)).toBeNull();
  });
});
