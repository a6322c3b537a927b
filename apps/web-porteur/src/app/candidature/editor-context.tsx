import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { gatewayErrorInfo, type CandidatureDetail } from '@esms/graphql-client';

export type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'saved'; at: Date } | { status: 'error'; message: string };

export interface Editor {
  candidature: CandidatureDetail;
  /** True once submitted (or whenever the server says the porteur may not act). */
  frozen: boolean;
  saveState: SaveState;
  conflict: boolean;
  /** The server's CONFLICT message: who changed the file, and when (null when none came with the answer). */
  conflictMessage: string | null;
  /**
   * Runs a save; CONFLICT raises the conflict banner, BAD_USER_INPUT returns its French message to the
   * caller (shown beside the field), anything else a generic message. Returns null when saved.
   * Saves run one after the other, each with the version the previous one returned, so that quick
   * successive edits of one person never conflict with each other.
   */
  save(run: (expectedVersion: number) => Promise<unknown>): Promise<string | null>;
  reload(): Promise<void>;
}

const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor() needs the candidature editor around it');
  return editor;
}

export function errorMessage(error: unknown): { code: string; message: string } {
  const { code, message } = gatewayErrorInfo(error);
  if (code === 'NETWORK') return { code, message: 'Le service est momentanément injoignable : votre saisie n’a pas été enregistrée. Réessayez dans quelques instants.' };
  if (code === 'INTERNAL_SERVER_ERROR' || !message) return { code, message: 'L’enregistrement a échoué. Réessayez dans quelques instants.' };
  return { code, message };
}

export function EditorProvider({
  candidature,
  refetch,
  children,
}: {
  candidature: CandidatureDetail;
  refetch: () => Promise<unknown>;
  children: ReactNode;
}) {
  const [saveState, setSaveState] = useState<SaveState>({ status: 'idle' });
  const [conflict, setConflict] = useState(false);
  const [conflictMessage, setConflictMessage] = useState<string | null>(null);

  const versionRef = useRef(candidature.version);
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());
  // Only our own saves and reloads move the version we send: someone else's change must answer CONFLICT.

  const save = useCallback((run: (expectedVersion: number) => Promise<unknown>) => {
    const task = queueRef.current.then(async (): Promise<string | null> => {
      setSaveState({ status: 'saving' });
      try {
        const result = (await run(versionRef.current)) as { error?: unknown; data?: unknown } | undefined;
        if (result && typeof result === 'object' && 'error' in result && result.error) throw result.error;
        const version = findVersion(result?.data);
        if (version !== null) versionRef.current = version;
        setSaveState({ status: 'saved', at: new Date() });
        return null;
      } catch (error) {
        const { code, message } = errorMessage(error);
        if (code === 'CONFLICT') {
          setConflict(true);
          setConflictMessage(message || null);
          setSaveState({ status: 'error', message: 'Non enregistré : le dossier a été modifié entre-temps.' });
          return 'Non enregistré : le dossier a été modifié entre-temps. Rechargez-le.';
        }
        setSaveState({ status: 'error', message });
        return message;
      }
    });
    queueRef.current = task.catch(() => null);
    return task;
  }, []);

  const reload = useCallback(async () => {
    const result = (await refetch()) as { data?: unknown } | undefined;
    const version = findVersion(result?.data);
    if (version !== null) versionRef.current = version;
    setConflict(false);
    setConflictMessage(null);
    setSaveState({ status: 'idle' });
  }, [refetch]);

  const value = useMemo<Editor>(
    () => ({
      candidature,
      frozen: candidature.readOnly || candidature.state !== 'DRAFT',
      saveState,
      conflict,
      conflictMessage,
      save,
      reload,
    }),
    [candidature, saveState, conflict, conflictMessage, save, reload],
  );
  return <EditorContext.Provider value={value}>{children}</EditorContext.Provider>;
}

/** The `version` of the candidature a mutation answered with (first object holding a numeric version). */
export function findVersion(data: unknown, depth = 0): number | null {
  if (!data || typeof data !== 'object' || depth > 3) return null;
  const record = data as Record<string, unknown>;
  if (record['__typename'] === 'Candidature' && typeof record['version'] === 'number') return record['version'];
  for (const value of Object.values(record)) {
    const found = findVersion(value, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** A section's save error, cleared once the person reloads after a conflict (the message no longer applies). */
export function useSaveError() {
  const { conflict } = useEditor();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!conflict) setError(null);
  }, [conflict]);
  return [error, setError] as const;
}
