/**
 * Initial catalogue of Ségur-referenced DUI solutions — DEMO DATA ONLY.
 *
 * The seeds do not list the referenced products (the official list is published by the ANS on
 * its Ségur referencing site). Every entry below is fictional ("Éditeur Démo …", "DUI Alpha …"),
 * flagged `demo: true`, so that nobody mistakes it for the official list. Replace by an import of
 * the ANS list before any real campaign.
 */

export type DuiCouloir = 'MEDICO_SOCIAL' | 'HOSPITALIER';
export type SegurVague = 1 | 2;
/** Functional profile of the DUI referencing (DSR): PA personnes âgées, PH personnes handicapées… */
export type DuiProfile = 'PA' | 'PH' | 'DOMICILE' | 'AHI' | 'PJM' | 'PE' | 'DPI';
export type ReferencingStatus = 'REFERENCED' | 'IN_PROGRESS' | 'WITHDRAWN';

export interface DuiSolution {
  readonly id: string;
  readonly editor: string;
  readonly product: string;
  readonly version: string;
  readonly couloir: DuiCouloir;
  readonly vague: SegurVague;
  readonly profile: DuiProfile;
  readonly referencingStatus: ReferencingStatus;
  /** Always true here: fictional demonstration entry, not the official ANS list. */
  readonly demo: true;
}

const demo = (s: Omit<DuiSolution, 'demo' | 'id'>): DuiSolution => ({
  ...s,
  id: `demo-${s.editor}-${s.product}-${s.version}-${s.profile}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-'),
  demo: true,
});

export const DUI_CATALOGUE: readonly DuiSolution[] = [
  demo({ editor: 'Éditeur Démo A', product: 'DUI Alpha', version: '3.2', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PA', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo A', product: 'DUI Alpha', version: '3.2', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PH', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo A', product: 'DUI Alpha', version: '4.0', couloir: 'MEDICO_SOCIAL', vague: 2, profile: 'PA', referencingStatus: 'IN_PROGRESS' }),
  demo({ editor: 'Éditeur Démo B', product: 'DUI Bêta Domicile', version: '2.1', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'DOMICILE', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo B', product: 'DUI Bêta Domicile', version: '2.0', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'DOMICILE', referencingStatus: 'WITHDRAWN' }),
  demo({ editor: 'Éditeur Démo C', product: 'DUI Gamma', version: '1.4', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PH', referencingStatus: 'IN_PROGRESS' }),
  demo({ editor: 'Éditeur Démo C', product: 'DUI Gamma Social', version: '1.4', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'AHI', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo D', product: 'DUI Delta Tutelles', version: '5.0', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PJM', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo E', product: 'DUI Epsilon Enfance', version: '2.3', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PE', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo F', product: 'DPI Zêta Hôpital', version: '8.1', couloir: 'HOSPITALIER', vague: 1, profile: 'DPI', referencingStatus: 'REFERENCED' }),
  demo({ editor: 'Éditeur Démo F', product: 'DPI Zêta Hôpital', version: '9.0', couloir: 'HOSPITALIER', vague: 2, profile: 'DPI', referencingStatus: 'IN_PROGRESS' }),
];

export function findDuiSolution(id: string): DuiSolution | undefined {
  return DUI_CATALOGUE.find((s) => s.id === id);
}

/** Solutions usable without condition for rule E08 (référencée Ségur vague 1, couloir médico-social). */
export function referencedMedicoSocialVague1(): DuiSolution[] {
  return DUI_CATALOGUE.filter(
    (s) => s.couloir === 'MEDICO_SOCIAL' && s.vague === 1 && s.referencingStatus === 'REFERENCED',
  );
}
