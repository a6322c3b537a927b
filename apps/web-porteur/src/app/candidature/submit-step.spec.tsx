import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { CANDIDATURE_QUERY, createCache, SUBMIT_CANDIDATURE_MUTATION } from '@esms/graphql-client';
import { CandidaturePage } from './candidature-page';
import { candidatureFixture } from './candidature.fixture';

/* The submit button (issue 8 line 14): one idempotency key per attempt, kept across its retries; disabled in flight. */

type Mock = MockLink.MockedResponse;

const submitted = candidatureFixture({
  state: 'SUBMITTED',
  stateLabel: 'Déposée',
  submittedAt: '2026-03-12T13:05:00.000Z',
  windowCode: 'W1',
  receiptNumber: 'NOR-2026-0002-AR1',
  version: 4,
  recapitulatifPath: '/files/candidatures/c1/recapitulatif.pdf',
});

function renderSubmit(mocks: Mock[], start = candidatureFixture()) {
  return render(
    <MockedProvider cache={createCache()} mocks={[{ request: { query: CANDIDATURE_QUERY, variables: { id: 'c1' } }, result: { data: { candidature: start } }, delay: 0 }, ...mocks]}>
      <MemoryRouter initialEntries={['/candidatures/c1/depot']}>
        <Routes>
          <Route path="/candidatures/:id/:step" element={<CandidaturePage />} />
        </Routes>
      </MemoryRouter>
    </MockedProvider>,
  );
}

/** A submit mock that records the variables it was sent. */
function submitMock(sent: Record<string, unknown>[], answer: Pick<Mock, 'result' | 'error' | 'delay'>): Mock {
  return {
    request: {
      query: SUBMIT_CANDIDATURE_MUTATION,
      variables: (variables: Record<string, unknown>) => {
        sent.push(variables);
        return true;
      },
    },
    ...answer,
  };
}

const button = () => screen.getByRole('button', { name: /Déposer ma candidature|Dépôt en cours/ });

describe('submission from the browser', () => {
  it('sends an idempotency key, is disabled while in flight, and retries a lost answer with the same key', async () => {
    const sent: Record<string, unknown>[] = [];
    renderSubmit([
      submitMock(sent, { error: new Error('Failed to fetch'), delay: 30 }),
      submitMock(sent, { result: { data: { submitCandidature: submitted } }, delay: 0 }),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Dépôt' });

    fireEvent.click(button());
    expect(button().textContent).toBe('Dépôt en cours…');
    expect((button() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(button()); // a double click while in flight sends nothing more
    const refusal = await screen.findByTestId('submission-refusal');
    expect(refusal.textContent).toMatch(/Le dépôt n’a pas pu être confirmé.*si le dépôt avait abouti, il ne sera pas fait une seconde fois/);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ id: 'c1', expectedVersion: 3, idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_.:-]{8,200}$/) });

    await act(async () => fireEvent.click(button()));
    await screen.findByText('Votre candidature est déposée');
    expect(sent).toHaveLength(2);
    expect(sent[1].idempotencyKey).toBe(sent[0].idempotencyKey);
    expect(screen.getByTestId('receipt-number').textContent).toBe('NOR-2026-0002-AR1');
  });

  it('a refusal is definitive: the next click is a new attempt with a new key', async () => {
    const sent: Record<string, unknown>[] = [];
    renderSubmit([
      submitMock(sent, {
        result: { errors: [{ message: 'La candidature ne peut pas encore être déposée : E07 — …', extensions: { code: 'BAD_USER_INPUT', reason: 'INCOMPLETE', problems: ['E07 — Une seule solution.'] } }] },
        delay: 0,
      }),
      submitMock(sent, { result: { data: { submitCandidature: submitted } }, delay: 0 }),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Dépôt' });
    await act(async () => fireEvent.click(button()));
    const refusal = await screen.findByTestId('submission-refusal');
    expect(within(refusal).getByText('E07 — Une seule solution.')).toBeTruthy();
    await act(async () => fireEvent.click(button()));
    await screen.findByText('Votre candidature est déposée');
    expect(sent).toHaveLength(2);
    expect(sent[1].idempotencyKey).not.toBe(sent[0].idempotencyKey);
  });

  it('lists the pieces that block the submission with their reason, and shows the receipt number once submitted', async () => {
    const blocked = candidatureFixture({
      submissionCheck: {
        ...candidatureFixture().submissionCheck,
        canSubmit: false,
        problems: ["Pièces refusées par l'antivirus (virus détecté, fichier mis en quarantaine) : P02 Gouvernance du projet."],
        missingPieces: ['P02', 'P03'],
        blockingPieces: [
          { __typename: 'BlockingPiece', code: 'P02', label: 'Gouvernance du projet', reason: 'INFECTED', message: 'P02 Gouvernance du projet : « eicar.pdf » contenait un virus ; déposez une autre version.' },
          { __typename: 'BlockingPiece', code: 'P03', label: 'Attestation', reason: 'SCAN_PENDING', message: 'P03 Attestation : « a.pdf » est en cours d’analyse antivirus.' },
        ],
      },
    });
    const view = renderSubmit([], blocked);
    const list = await screen.findByTestId('blocking-pieces');
    expect([...list.querySelectorAll('li')].map((li) => [li.getAttribute('data-piece'), li.getAttribute('data-reason')])).toEqual([
      ['P02', 'INFECTED'],
      ['P03', 'SCAN_PENDING'],
    ]);
    expect(within(list).getByText('Infectée')).toBeTruthy();
    expect(within(list).getByText('Analyse antivirus en cours')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Joindre ou remplacer ces pièces' }).getAttribute('href')).toBe('/candidatures/c1/pieces');
    view.unmount();

    renderSubmit([], submitted);
    expect((await screen.findByTestId('receipt-number')).textContent).toBe('NOR-2026-0002-AR1');
  });
});
