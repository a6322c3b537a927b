import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Candidature } from '../evaluations/evaluation.types';

export enum CommitteeStatusEnum {
  PLANNED = 'PLANNED',
  IN_SESSION = 'IN_SESSION',
  CLOSED = 'CLOSED',
}
registerEnumType(CommitteeStatusEnum, { name: 'CommitteeStatus', description: 'Programmé, en séance (au moins une décision), clos (décisions définitives).' });

export enum CommitteeDecisionKindEnum {
  RETAINED = 'RETAINED',
  NOT_RETAINED = 'NOT_RETAINED',
  POSTPONED = 'POSTPONED',
}
registerEnumType(CommitteeDecisionKindEnum, { name: 'CommitteeDecisionKind', description: 'RETENU, NON RETENU, AJOURNÉ.' });

export enum PriorityMatchStatusEnum {
  MATCHED = 'MATCHED',
  NOT_MATCHED = 'NOT_MATCHED',
  TO_ASSESS = 'TO_ASSESS',
}
registerEnumType(PriorityMatchStatusEnum, { name: 'PriorityMatchStatus', description: "Critère rempli, non rempli, ou à apprécier par l'ARS." });

@ObjectType({ description: "Une modification de l'enveloppe régionale (qui, quand, avant, après)." })
export class EnvelopeChange {
  @Field() actorId!: string;
  @Field() actorRole!: string;
  @Field(() => Int, { nullable: true }) before!: number | null;
  @Field(() => Int) after!: number;
  @Field(() => GraphQLISODateTime) at!: Date;
}

@ObjectType({ description: "Enveloppe financière d'une ARS pour une campagne (euros)." })
export class RegionEnvelope {
  @Field() regionCode!: string;
  @Field(() => ID) campaignId!: string;
  @Field(() => Int) amount!: number;
  @Field() updatedBy!: string;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  @Field(() => [EnvelopeChange]) history!: EnvelopeChange[];
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Décision du comité de sélection sur une candidature.' })
export class CommitteeDecision {
  @Field(() => ID) id!: string;
  @Field(() => ID) committeeId!: string;
  @Field(() => ID) candidatureId!: string;
  @Field() candidatureReference!: string;
  @Field(() => CommitteeDecisionKindEnum) decision!: CommitteeDecisionKindEnum;
  @Field() motive!: string;
  @Field(() => Int, { nullable: true, description: 'Montant accordé (RETENU) : le financement total du dossier au moment de la décision.' })
  amountGranted!: number | null;
  @Field(() => String, { nullable: true, description: 'État de la candidature avant la décision.' }) stateBefore!: string | null;
  @Field() decidedBy!: string;
  @Field(() => GraphQLISODateTime) decidedAt!: Date;
  @Field({ description: 'La décision a été appliquée à la candidature (événement acquitté).' }) applied!: boolean;
  @Field({ description: 'Lien de téléchargement du courrier de décision (PDF), via la passerelle.' }) letterUrl!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Envoi du courrier au porteur par e-mail.' }) letterEmailedAt!: Date | null;
  @Field(() => Candidature) candidature!: Candidature;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "Comité de sélection d'une ARS pour une fenêtre d'une campagne." })
export class Committee {
  @Field(() => ID) id!: string;
  @Field() regionCode!: string;
  @Field(() => ID) campaignId!: string;
  @Field() windowCode!: string;
  @Field() label!: string;
  @Field({ description: 'Date de la séance (AAAA-MM-JJ, Europe/Paris).' }) sessionDate!: string;
  @Field(() => CommitteeStatusEnum) status!: CommitteeStatusEnum;
  @Field() createdBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => Int) version!: number;
}

@ObjectType({ description: "Résultat d'un critère de priorisation régionale pour un dossier." })
export class PriorityMatch {
  @Field() code!: string;
  @Field() label!: string;
  @Field(() => PriorityMatchStatusEnum) status!: PriorityMatchStatusEnum;
  @Field() explanation!: string;
}

@ObjectType({ description: "Un dossier de l'ordre du jour, à son rang." })
export class AgendaItem {
  @Field(() => Int) rank!: number;
  @Field(() => ID) candidatureId!: string;
  @Field(() => Candidature) candidature!: Candidature;
  @Field() reference!: string;
  @Field() title!: string;
  @Field({ description: 'État de la candidature (sous-graphe candidature).' }) state!: string;
  @Field(() => Int, { description: 'Financement total demandé (euros).' }) fundingTotal!: number;
  @Field(() => Float, { nullable: true }) consensus!: number | null;
  @Field(() => Boolean, { nullable: true }) mature!: boolean | null;
  @Field(() => Int) signedEvaluations!: number;
  @Field(() => Int) matchedPriorityCount!: number;
  @Field(() => [PriorityMatch]) priorities!: PriorityMatch[];
  @Field({ description: 'Compté dans le cumul (non refusé ni ajourné).' }) counted!: boolean;
  @Field(() => Int, { description: "Cumul des financements jusqu'à ce dossier inclus (avec les montants déjà retenus par les comités précédents de la campagne)." })
  runningTotal!: number;
  @Field(() => Boolean, { nullable: true, description: "Cumul ≤ enveloppe (null sans enveloppe)." }) withinEnvelope!: boolean | null;
  @Field(() => Int, { description: "Dépassement de l'enveloppe à ce rang (0 si dans l'enveloppe)." }) overshoot!: number;
  @Field(() => CommitteeDecision, { nullable: true }) decision!: CommitteeDecision | null;
}

@ObjectType({ description: "Ordre du jour d'un comité : dossiers classés par maturité puis priorités puis note." })
export class CommitteeAgenda {
  @Field(() => Committee) committee!: Committee;
  @Field(() => Int, { nullable: true, description: "Enveloppe régionale de la campagne (null si non fixée)." }) envelope!: number | null;
  @Field(() => Int, { description: 'Montants déjà retenus par les autres comités de la campagne.' }) alreadyCommitted!: number;
  @Field(() => Int, { description: 'Cumul final (déjà retenu + dossiers comptés).' }) total!: number;
  @Field({ description: "Le cumul dépasse l'enveloppe." }) overEnvelope!: boolean;
  @Field(() => Int) overshoot!: number;
  @Field(() => [AgendaItem]) items!: AgendaItem[];
  @Field(() => [String], { description: 'Avertissements (grille sans règles, sous-graphe indisponible…).' }) notices!: string[];
}

@InputType()
export class CreateCommitteeInput {
  @Field(() => ID) campaignId!: string;
  @Field({ description: 'Code de la fenêtre (W1, W2…).' }) windowCode!: string;
  @Field({ description: 'Date de la séance, AAAA-MM-JJ.' }) sessionDate!: string;
  @Field({ nullable: true }) label?: string;
}
