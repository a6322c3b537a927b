import type { LifecycleAction } from '@esms/domain';

/** French labels of lifecycle actions and of the non-state events of the history (UI text, not rules). */
/** Events of the history that are not lifecycle transitions (the compiler refuses an event without its label). */
export type HistoryEventAction =
  | 'create' | 'assign' | 'edit_dossier' | 'edit_grappe' | 'edit_grappe_member' | 'import_grappe' | 'remove_grappe_members' | 'choose_pivot'
  | 'upload_piece' | 'replace_piece' | 'delete_piece' | 'piece_quarantined' | 'message' | 'eligibility_decision'
  | 'cd_opinion_requested' | 'cd_opinion_given' | 'generate_convention' | 'record_payment' | 'upload_expense_statement'
  | 'validate_balance' | 'record_measurements' | 'usage_target_missed';

export type HistoryAction = LifecycleAction | HistoryEventAction;

export const ACTION_LABELS: Record<HistoryAction, string> = {
  create: 'Création du brouillon',
  assign: "Attribution du dossier à un instructeur",
  edit_dossier: 'Modification des réponses du dossier',
  edit_grappe: 'Modification de la grappe',
  edit_grappe_member: "Modification d'un ESSMS de la grappe",
  import_grappe: "Import d'une liste de FINESS dans la grappe",
  remove_grappe_members: "Retrait d'ESSMS de la grappe",
  choose_pivot: "Choix de l'ARS pivot",
  upload_piece: "Dépôt d'une pièce",
  replace_piece: "Remplacement d'une pièce",
  delete_piece: "Suppression d'une pièce",
  piece_quarantined: 'Pièce infectée mise en quarantaine',
  message: 'Message',
  eligibility_decision: "Décision motivée sur un point d'éligibilité",
  cd_opinion_requested: "Avis du conseil départemental demandé",
  cd_opinion_given: 'Avis du conseil départemental rendu',
  record_payment: "Enregistrement d'un versement",
  upload_expense_statement: "Dépôt de l'état récapitulatif des dépenses",
  validate_balance: 'Validation du solde',
  record_measurements: "Saisie des indicateurs d'usage",
  usage_target_missed: "Cible d'usage non atteinte",
  submit: 'Dépôt de la candidature',
  request_complement: 'Demande de compléments',
  provide_complement: 'Envoi des compléments',
  start_instruction: "Début de l'instruction",
  declare_non_recevable: 'Déclaration de non-recevabilité',
  reopen: 'Réouverture du dossier',
  send_to_committee: 'Passage en comité de sélection',
  retain: 'Candidature retenue',
  not_retain: 'Candidature non retenue',
  postpone: 'Ajournement',
  generate_convention: 'Génération de la convention',
  sign_convention: 'Signature de la convention',
  pay_advance: "Versement de l'avance",
  start_deployment: 'Début du déploiement',
  request_balance: 'Demande de solde',
  refuse_balance: 'Refus du solde',
  pay_balance: 'Versement du solde',
};

export const actionLabel = (action: string): string => (ACTION_LABELS as Record<string, string>)[action] ?? action;

const REGION_ABBREVIATIONS: Record<string, string> = {
  '01': 'GUA', '02': 'MAR', '03': 'GUY', '04': 'REU', '06': 'MAY', '11': 'IDF', '24': 'CVL', '27': 'BFC', '28': 'NOR',
  '32': 'HDF', '44': 'GES', '52': 'PDL', '53': 'BRE', '75': 'NAQ', '76': 'OCC', '84': 'ARA', '93': 'PAC', '94': 'COR',
};

/** `NOR-2024-0001`: region, campaign year, sequence in the campaign. */
export function candidatureReference(regionCode: string, year: number, seq: number): string {
  return `${REGION_ABBREVIATIONS[regionCode] ?? `R${regionCode}`}-${year}-${String(seq).padStart(4, '0')}`;
}
