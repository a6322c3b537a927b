import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { CHOOSE_PIVOT_REGION_MUTATION, type CandidatureDetail } from '@esms/graphql-client';
import { useEditor } from './editor-context';

/** Multiregional project at the regional desk: the porteur may pick the pivot ARS among the allowed regions. */
export function PivotChooser({ candidature }: { candidature: CandidatureDetail }) {
  const { save, frozen } = useEditor();
  const [choose] = useMutation(CHOOSE_PIVOT_REGION_MUTATION);
  const [error, setError] = useState<string | null>(null);
  const allowed = candidature.allowedPivotRegions ?? [];
  if (!candidature.multiregional || candidature.desk !== 'REGIONAL') return null;
  if (frozen || allowed.length < 2) {
    return (
      <p className="fr-text--xs fr-mb-0">
        ARS pivot : <strong>{candidature.pivotRegion?.name ?? 'à déterminer'}</strong>
      </p>
    );
  }
  return (
    <Select
      label="ARS pivot"
      hint="Par défaut la région qui compte le plus d’ESSMS ; vous pouvez en choisir une autre parmi celles de la grappe."
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error ?? undefined}
      nativeSelectProps={{
        name: 'pivot',
        value: candidature.pivotRegion?.code ?? '',
        onChange: async (event) => {
          const regionCode = event.target.value;
          setError(
            await save((expectedVersion) =>
              choose({ variables: { id: candidature.id, expectedVersion, regionCode } }),
            ),
          );
        },
      }}
    >
      {allowed.map((region) => (
        <option key={region.code} value={region.code}>
          {region.name}
        </option>
      ))}
    </Select>
  );
}
