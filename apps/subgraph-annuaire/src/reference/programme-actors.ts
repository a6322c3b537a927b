/**
 * Who does what in the Ségur numérique / ESMS numérique programme.
 * Source: seed 000 (guide « pas à pas », table « Qui fait quoi dans le Ségur Numérique ? »,
 * columns INTERVENANTS / RÔLES). `name` and `role` are the French text as written in the seed;
 * `acronym` is the usual short name (added, not in the table).
 */

export type ProgrammeActorLevel = 'REGIONAL' | 'NATIONAL';

export interface ProgrammeActor {
  /** Stable identifier for the platform. */
  readonly id: string;
  readonly acronym: string;
  /** INTERVENANTS column, as written in the seed. */
  readonly name: string;
  /** RÔLES column, as written in the seed. */
  readonly role: string;
  readonly level: ProgrammeActorLevel;
}

export const PROGRAMME_ACTORS: readonly ProgrammeActor[] = [
  {
    id: 'ARS',
    acronym: 'ARS',
    name: 'ARS',
    role: 'Portage feuille de route régionale, information, sensibilisation, accompagnement au déploiement',
    level: 'REGIONAL',
  },
  {
    id: 'GRADES',
    acronym: 'GRADeS',
    name: 'GRADeS',
    role: 'Co-portage feuille de route régionale, information, sensibilisation, accompagnement au déploiement',
    level: 'REGIONAL',
  },
  {
    id: 'ASSURANCE_MALADIE',
    acronym: 'Assurance Maladie',
    name: 'Réseau Assurance Maladie',
    role: 'Co-portage feuille de route régionale, information, sensibilisation, accompagnement au déploiement',
    level: 'REGIONAL',
  },
  {
    id: 'DNS',
    acronym: 'DNS',
    name: 'Délégation ministérielle au numérique en santé, rattachée au ministre de la santé',
    role: 'Pilotage du Ségur Numérique, coordination stratégique et opérationnelle',
    level: 'NATIONAL',
  },
  {
    id: 'DGOS',
    acronym: 'DGOS',
    name: "Direction Générale de l'Offre de Soins du ministère de la santé",
    role: 'Pilotage du programme SUN-ES et de HOPEN, contribution à la task force Hôpital',
    level: 'NATIONAL',
  },
  {
    id: 'CNAM',
    acronym: 'CNAM',
    name: "Caisse Nationale d'Assurance Maladie",
    role:
      "Coordination stratégique et opérationnelle en coordination avec DNS et ANS, participation aux task forces, contribution aux DSR, coordination et appui au réseau de l'Assurance Maladie pour le déploiement, définition et mise en œuvre des accords conventionnels",
    level: 'NATIONAL',
  },
  {
    id: 'CNSA',
    acronym: 'CNSA',
    name: "Caisse Nationale de Solidarité pour l'Autonomie",
    role: 'Pilotage opérationnel du programme ESMS Numérique, contribution aux task forces Médico-social',
    level: 'NATIONAL',
  },
  {
    id: 'ANS',
    acronym: 'ANS',
    name: 'Agence du Numérique en Santé',
    role:
      'Contribution aux task forces, référencement des solutions, information, sensibilisation, accompagnement au déploiement, opérateur MSSanté et MIE',
    level: 'NATIONAL',
  },
  {
    id: 'GIE_SESAM_VITALE',
    acronym: 'GIE SESAM-Vitale',
    name: 'GIE Sesam Vitale',
    role: 'Opérateur DMP, téléservice INSi, App CV, eprescription',
    level: 'NATIONAL',
  },
  {
    id: 'CNDA',
    acronym: 'CNDA',
    name: "Centre National de Dépôt et d'Agrément",
    role: 'Homologation de certaines des solutions respectant les exigences Ségur',
    level: 'NATIONAL',
  },
  {
    id: 'ASP',
    acronym: 'ASP',
    name: 'Agence de Services et de Paiement',
    role: 'Opérateur SONS',
    level: 'NATIONAL',
  },
  {
    id: 'ANAP',
    acronym: 'ANAP',
    name: "Agence Nationale d'Appui à la Performance",
    role: 'Conseils organisationnels au déploiement',
    level: 'NATIONAL',
  },
];

export function getProgrammeActor(id: string): ProgrammeActor | undefined {
  return PROGRAMME_ACTORS.find((a) => a.id === id);
}
