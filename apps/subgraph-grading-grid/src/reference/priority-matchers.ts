import type { Condition } from '@esms/domain';

/**
 * Data-driven matchers of the shipped priority rules (ARS Normandie 2024, 003 §6), by rule code. A rule left
 * out here (none today) is "à apprécier par l'ARS". Facts the platform does not hold yet (public status and
 * size of the organismes gestionnaires) make the rule TO_ASSESS file by file until they are known.
 */
export const SHIPPED_PRIORITY_MATCHERS: Record<string, Condition> = {
  P1_MATURES: { fact: 'mature', equals: true },
  P2_ACQUISITION_GRAPPES: {
    all: [
      { fact: 'situations', includesAny: ['ACQUISITION'] },
      { fact: 'fields', includesAny: ['PA', 'PH'] },
      { fact: 'essmsCount', gte: 2 },
    ],
  },
  P4_PDS_PDE: { fact: 'fields', includesAny: ['PDS', 'PDE'] },
  P5_SAAD: { any: [{ fact: 'hasSaad', equals: true }, { fact: 'fields', includesAny: ['SAAD'] }] },
  P6_100_NORMANDS_W1: {
    all: [
      { fact: 'regions', allIn: ['28'] },
      { fact: 'windowCode', equals: 'W1' },
    ],
  },
  P7_OG_PUBLICS: { fact: 'organismePublic', equals: true },
  P8_MISE_EN_CONFORMITE_SONS: {
    all: [
      { fact: 'situations', allIn: ['UPGRADE'] },
      { fact: 'fields', includesAny: ['PA', 'PH'] },
      { fact: 'organismeSize', oneOf: ['MEDIUM', 'LARGE'] },
    ],
  },
  P9_AHI_PJM: { fact: 'fields', includesAny: ['AHI', 'PJM'] },
};
