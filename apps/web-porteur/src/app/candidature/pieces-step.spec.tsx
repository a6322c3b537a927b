import { act, render, screen, within } from '@testing-library/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { CANDIDATURE_PIECES_QUERY, CANDIDATURE_QUERY, createCache, type PieceRequirement } from '@esms/graphql-client';
import { CandidaturePage } from './candidature-page';
import { candidatureFixture, pieceFixture } from './candidature.fixture';
import { SCAN_POLL_INTERVAL_MS, SCAN_POLL_MAX_ATTEMPTS } from './piece-status';

/* The porteur's pieces page: the antivirus status of each file (issue 8 line 12), read through the real page and Apollo cache. */

const pending = pieceFixture('P01', 'Note de présentation générale du projet', [{ fileName: 'note.pdf', scanStatus: 'PENDING' }]);
const safe = pieceFixture('P01', 'Note de présentation générale du projet', [{ fileName: 'note.pdf', scanStatus: 'SAFE' }]);
const infected = pieceFixture('P02', 'Gouvernance du projet', [], {
  quarantined: { __typename: 'QuarantinedPieceFile', id: 'q1', fileName: 'eicar.pdf', size: 68, detectedAt: '2026-03-02T10:05:00.000Z', signature: 'Eicar-Test-Signature' },
});
const clean = pieceFixture('P03', 'Attestation de la réalité de la mutualisation', [{ fileName: 'attestation.pdf', scanStatus: 'SAFE' }]);

const blocking = (...codes: [string, 'MISSING' | 'SCAN_PENDING' | 'INFECTED'][]) =>
  codes.map(([code, reason]) => ({ __typename: 'BlockingPiece' as const, code, label: code, reason, message: `${code} : ${reason}` }));

function check(blocks: ReturnType<typeof blocking>) {
  return { ...candidatureFixture().submissionCheck, canSubmit: blocks.length === 0, blockingPieces: blocks };
}

const piecesAnswer = (pieces: PieceRequirement[], blocks: ReturnType<typeof blocking>) => ({
  data: { candidature: { __typename: 'Candidature', id: 'c1', pieces, submissionCheck: check(blocks) } },
});

function renderPieces(mocks: MockLink.MockedResponse[]) {
  const start = candidatureFixture({ pieces: [pending, infected, clean], submissionCheck: check(blocking(['P01', 'SCAN_PENDING'], ['P02', 'INFECTED'])) });
  return render(
    <MockedProvider
      cache={createCache()}
      // No simulated network delay: the fake clock then counts only the polling interval.
      mocks={[{ request: { query: CANDIDATURE_QUERY, variables: { id: 'c1' } }, result: { data: { candidature: start } } }, ...mocks].map((m) => ({ delay: 0, ...m }))}
    >
      <MemoryRouter initialEntries={['/candidatures/c1/pieces']}>
        <Routes>
          <Route path="/candidatures/:id/:step" element={<CandidaturePage />} />
        </Routes>
      </MemoryRouter>
    </MockedProvider>,
  );
}

const row = (code: string) => document.querySelector(`[data-piece="${code}"]`) as HTMLElement;

describe('pieces page: antivirus status', () => {
  afterEach(() => jest.useRealTimers());

  it('shows each status in French, offers no download of a file being scanned, and names the infected upload', async () => {
    renderPieces([]);
    await screen.findByRole('heading', { level: 1, name: 'Pièces justificatives' });
    expect(within(row('P01')).getByText('Analyse antivirus en cours')).toBeTruthy();
    expect(within(row('P01')).queryByRole('link', { name: 'note.pdf' })).toBeNull();
    expect(within(row('P01')).getByText('note.pdf')).toBeTruthy();
    expect(within(row('P03')).getByText('Sain')).toBeTruthy();
    expect(within(row('P03')).getByRole('link', { name: 'attestation.pdf' }).getAttribute('href')).toBe('/files/pieces/P03-f0');
    const quarantined = within(row('P02')).getByTestId('piece-quarantined-P02');
    expect(quarantined.textContent).toMatch(/« eicar\.pdf »/);
    expect(within(quarantined).getByText('Infecté — mis en quarantaine, déposez une autre version')).toBeTruthy();
    expect(within(row('P02')).queryAllByRole('link')).toHaveLength(0);
    const summary = screen.getByTestId('missing-pieces-count');
    expect(summary.textContent).toMatch(/1 fichier en cours d’analyse antivirus/);
    expect(summary.textContent).toMatch(/1 pièce à déposer à nouveau \(virus détecté\)/);
  });

  it('polls the pieces while a file is being scanned, and shows « Sain » once the antivirus passed it', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    const variables = { id: 'c1' };
    let polls = 0;
    renderPieces([
      { request: { query: CANDIDATURE_PIECES_QUERY, variables }, result: () => (polls++, piecesAnswer([pending, infected, clean], blocking(['P01', 'SCAN_PENDING'], ['P02', 'INFECTED']))) },
      { request: { query: CANDIDATURE_PIECES_QUERY, variables }, result: () => (polls++, piecesAnswer([safe, infected, clean], blocking(['P02', 'INFECTED']))) },
    ]);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10);
    });
    await screen.findByRole('heading', { level: 1, name: 'Pièces justificatives' });
    expect(screen.getByText('Analyse antivirus en cours : cette page se met à jour d’elle-même.')).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(SCAN_POLL_INTERVAL_MS);
    });
    expect(polls).toBe(1);
    expect(within(row('P01')).getByText('Analyse antivirus en cours')).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(SCAN_POLL_INTERVAL_MS);
    });
    expect(polls).toBe(2);
    expect(within(row('P01')).getByText('Sain')).toBeTruthy();
    expect(within(row('P01')).getByRole('link', { name: 'note.pdf' })).toBeTruthy();
    // Nothing pending any more: no further request.
    await act(async () => {
      await jest.advanceTimersByTimeAsync(SCAN_POLL_INTERVAL_MS * 3);
    });
    expect(polls).toBe(2);
  });

  it('stops after a bounded time, says the analysis takes longer, and can check again', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    let polls = 0;
    renderPieces([
      {
        request: { query: CANDIDATURE_PIECES_QUERY, variables: { id: 'c1' } },
        maxUsageCount: Number.POSITIVE_INFINITY,
        result: () => (polls++, piecesAnswer([pending, infected, clean], blocking(['P01', 'SCAN_PENDING'], ['P02', 'INFECTED']))),
      },
    ]);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(10);
    });
    await screen.findByRole('heading', { level: 1, name: 'Pièces justificatives' });
    for (let i = 0; i < SCAN_POLL_MAX_ATTEMPTS + 5; i++) {
      await act(async () => {
        await jest.advanceTimersByTimeAsync(SCAN_POLL_INTERVAL_MS);
      });
    }
    expect(polls).toBe(SCAN_POLL_MAX_ATTEMPTS);
    expect(screen.getByText(/L’analyse antivirus prend plus de temps que d’habitude/)).toBeTruthy();
    await act(async () => screen.getByRole('button', { name: 'Vérifier à nouveau' }).click());
    await act(async () => {
      await jest.advanceTimersByTimeAsync(SCAN_POLL_INTERVAL_MS * 1.5);
    });
    expect(polls).toBe(SCAN_POLL_MAX_ATTEMPTS + 1);
    expect(screen.queryByText(/L’analyse antivirus prend plus de temps que d’habitude/)).toBeNull();
  });
});
