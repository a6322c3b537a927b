import type { AlertProps } from '@codegouvfr/react-dsfr/Alert';

export const STATE_LABELS: Record<string, string> = {
  DRAFT: 'Brouillon',
  SUBMITTED: 'Déposée',
  COMPLEMENT_REQUESTED: 'Compléments demandés',
  UNDER_INSTRUCTION: 'En cours d’instruction',
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
};

type BadgeSeverity = AlertProps.Severity | 'new';

export function stateSeverity(state: string): BadgeSeverity | undefined {
  switch (state) {
    case 'RETAINED':
    case 'CONVENTION_SIGNED':
    case 'ADVANCE_PAID':
    case 'IN_DEPLOYMENT':
    case 'CLOSED':
      return 'success';
    case 'NOT_RETAINED':
    case 'NON_RECEVABLE':
      return 'error';
    case 'COMPLEMENT_REQUESTED':
    case 'POSTPONED':
      return 'warning';
    case 'SUBMITTED':
      return 'new';
    case 'UNDER_INSTRUCTION':
    case 'IN_COMMITTEE':
      return 'info';
    default:
      return undefined;
  }
}

export const FIELD_LABELS: Record<string, string> = {
  PA: 'Personnes âgées (PA)',
  PH: 'Personnes handicapées (PH)',
  DOMICILE: 'Domicile',
  AHI: 'Accueil, hébergement, insertion (AHI)',
  PJM: 'Protection juridique des majeurs (PJM)',
  PROTECTION_ENFANCE: 'Protection de l’enfance',
  ADDICTOLOGIE: 'Addictologie',
  AUTRE: 'Autre',
};

export const DESK_LABELS: Record<string, string> = { REGIONAL: 'Régional', NATIONAL: 'National' };
export const SITUATION_LABELS: Record<string, string> = { ACQUISITION: 'Acquisition', UPGRADE: 'Mise à niveau' };
export const SEVERITY_LABELS: Record<string, string> = {
  BLOCKING: 'Bloquant',
  CONDITION: 'Condition',
  WARNING: 'Avertissement',
  INFO: 'Information',
};
export const ITEM_STATUS_LABELS: Record<string, string> = {
  OK: 'Conforme',
  KO: 'Non conforme',
  TO_CHECK: 'À vérifier',
  PENDING: 'En attente',
  NOT_APPLICABLE: 'Sans objet',
};
