import type { LifecycleAction } from '@esms/domain';

/** French labels of lifecycle actions and of the non-state events of the history (UI text, not rules). */
export const ACTION_LABELS: Record<LifecycleAction | 'create' | 'edit_grappe' | 'remove_grappe_members' | 'assign' | 'generate_convention', string> = {
  create: 'Création du brouillon',
  assign: "Attribution du dossier à un instructeur",
  edit_grappe: 'Modification de la grappe',
  remove_grappe_members: "Retrait d'ESSMS de la grappe",
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
