import { registerEnumType } from 'type-graphql';

export enum EssmsSituation {
  ACQUISITION = 'ACQUISITION',
  UPGRADE = 'UPGRADE',
}
registerEnumType(EssmsSituation, {
  name: 'EssmsSituation',
  description: "ACQUISITION : pas de DUI ou changement de DUI ; UPGRADE : mise à niveau vers une version référencée Ségur.",
});

export enum Desk {
  REGIONAL = 'REGIONAL',
  NATIONAL = 'NATIONAL',
}
registerEnumType(Desk, { name: 'Desk', description: 'Guichet de dépôt (003 §4.3).' });

export enum TrackKind {
  REGIONAL = 'REGIONAL',
  MULTIREGIONAL = 'MULTIREGIONAL',
}
registerEnumType(TrackKind, { name: 'TrackKind', description: 'Calendrier applicable : projets régionaux ou multirégionaux.' });

export enum PeriodStatus {
  UPCOMING = 'UPCOMING',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(PeriodStatus, { name: 'PeriodStatus', description: 'À venir, ouvert ou clos (heure de Paris).' });

export enum CandidatureStateEnum {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  COMPLEMENT_REQUESTED = 'COMPLEMENT_REQUESTED',
  UNDER_INSTRUCTION = 'UNDER_INSTRUCTION',
  IN_COMMITTEE = 'IN_COMMITTEE',
  RETAINED = 'RETAINED',
  NOT_RETAINED = 'NOT_RETAINED',
  POSTPONED = 'POSTPONED',
  NON_RECEVABLE = 'NON_RECEVABLE',
  CONVENTION_SIGNED = 'CONVENTION_SIGNED',
  ADVANCE_PAID = 'ADVANCE_PAID',
  IN_DEPLOYMENT = 'IN_DEPLOYMENT',
  BALANCE_REQUESTED = 'BALANCE_REQUESTED',
  CLOSED = 'CLOSED',
}
registerEnumType(CandidatureStateEnum, { name: 'CandidatureState', description: 'États du cycle de vie (@esms/domain lifecycle).' });
