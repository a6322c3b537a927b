import { useEffect, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { CANDIDATURE_PIECES_QUERY, type BlockingPieceReason, type PieceRequirement, type PieceScanStatus } from '@esms/graphql-client';

type Severity = 'success' | 'error' | 'info' | 'warning' | 'new';

/** The antivirus status of a file, as the porteur reads it (issue 8 line 12: PENDING → SAFE / INFECTED). */
export const SCAN_BADGES: Record<PieceScanStatus, { label: string; severity: Severity }> = {
  PENDING: { label: 'Analyse antivirus en cours', severity: 'info' },
  SAFE: { label: 'Sain', severity: 'success' },
  INFECTED: { label: 'Infecté — mis en quarantaine, déposez une autre version', severity: 'error' },
  SAFE_UNSCANNED: { label: 'Non analysé (antivirus désactivé)', severity: 'warning' },
};

export const BLOCK_BADGES: Record<BlockingPieceReason, { label: string; severity: Severity }> = {
  MISSING: { label: 'Manquante', severity: 'warning' },
  SCAN_PENDING: SCAN_BADGES.PENDING,
  INFECTED: { label: 'Infectée', severity: 'error' },
};

export function ScanBadge({ status, testId }: { status: PieceScanStatus; testId?: string }) {
  const badge = SCAN_BADGES[status];
  return (
    <Badge as="span" small severity={badge.severity} data-testid={testId} data-scan-status={status}>
      {badge.label}
    </Badge>
  );
}

/** Only a file the antivirus passed (or a development file, labelled as not scanned) may be downloaded. */
export const isDownloadable = (status: PieceScanStatus) => status === 'SAFE' || status === 'SAFE_UNSCANNED';

export const hasPendingScan = (pieces: PieceRequirement[]) => pieces.some((p) => p.files.some((f) => f.scanStatus === 'PENDING'));

export const SCAN_POLL_INTERVAL_MS = 3_000;
/** 40 × 3 s: two minutes, then the porteur is told to come back (the server keeps rescanning every minute). */
export const SCAN_POLL_MAX_ATTEMPTS = 40;

/**
 * While a file waits for the antivirus, asks the server again for the pieces (only them: the cache merges them into
 * the candidature, its version untouched), at most `maxAttempts` times. `gaveUp` once the bound is reached; `restart`
 * polls again.
 */
export function useScanPolling(candidatureId: string, pending: boolean, { intervalMs = SCAN_POLL_INTERVAL_MS, maxAttempts = SCAN_POLL_MAX_ATTEMPTS } = {}) {
  const client = useApolloClient();
  const [round, setRound] = useState(0);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (!pending) return undefined;
    let attempts = 0;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      attempts += 1;
      try {
        await client.query({ query: CANDIDATURE_PIECES_QUERY, variables: { id: candidatureId }, fetchPolicy: 'network-only' });
      } catch {
        // A failed poll counts as an attempt; the next one may succeed.
      }
      if (stopped) return;
      if (attempts >= maxAttempts) setGaveUp(true);
      else timer = setTimeout(tick, intervalMs);
    };
    setGaveUp(false);
    timer = setTimeout(tick, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, candidatureId, pending, intervalMs, maxAttempts, round]);

  return { gaveUp: pending && gaveUp, restart: () => setRound((r) => r + 1) };
}
