import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Candidature } from '../candidatures/candidature.types';
import { CandidatureStateEnum, Desk, EssmsSituation } from '../shared/enums';

export enum QueueSortField {
  SUBMITTED_AT = 'SUBMITTED_AT',
  AMOUNT = 'AMOUNT',
  ESSMS_COUNT = 'ESSMS_COUNT',
  REFERENCE = 'REFERENCE',
}
registerEnumType(QueueSortField, { name: 'QueueSortField', description: 'Tri de la file : date de dépôt, montant, nombre d’ESSMS, référence.' });

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType({ description: "Filtres de la file d'instruction (tous facultatifs, combinés par ET)." })
export class QueueFilter {
  @Field(() => [CandidatureStateEnum], { nullable: true }) states?: CandidatureStateEnum[] | null;
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => String, { nullable: true, description: 'Fenêtre de dépôt (code, ex. W1).' }) windowCode?: string | null;
  @Field(() => Desk, { nullable: true }) desk?: Desk | null;
  @Field(() => EssmsSituation, { nullable: true, description: 'Type de projet : au moins un ESSMS dans cette situation.' }) projectType?: EssmsSituation | null;
  @Field(() => [String], { nullable: true, description: 'Champs (PA, PH, DOMICILE…) : au moins un ESSMS de l’un d’eux ; PH couvre PH_ENFANTS et PH_ADULTES.' })
  fields?: string[] | null;
  @Field(() => Int, { nullable: true, description: "Nombre d'ESSMS minimum." }) essmsMin?: number | null;
  @Field(() => Int, { nullable: true }) essmsMax?: number | null;
  @Field(() => Int, { nullable: true, description: 'Montant total minimum (euros).' }) amountMin?: number | null;
  @Field(() => Int, { nullable: true }) amountMax?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Vrai : un critère BLOQUANT non rempli ; faux : aucun.' }) hasBlocking?: boolean | null;
  @Field(() => Boolean, { nullable: true }) hasCondition?: boolean | null;
  @Field(() => Boolean, { nullable: true }) hasWarning?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Compte de l’instructeur assigné.' }) assignedTo?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Vrai : sans instructeur assigné.' }) unassigned?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Référence, titre, FINESS ou nom d’ESSMS (contient).' }) search?: string | null;
}

@InputType()
export class QueueSort {
  @Field(() => QueueSortField, { defaultValue: QueueSortField.SUBMITTED_AT }) field!: QueueSortField;
  @Field(() => SortDirection, { defaultValue: SortDirection.DESC }) direction!: SortDirection;
}

@ObjectType({ description: "Une page de la file d'instruction, avec le nombre total de dossiers du filtre." })
export class QueuePage {
  @Field(() => Int) total!: number;
  @Field(() => Int) limit!: number;
  @Field(() => Int) offset!: number;
  @Field(() => [Candidature]) items!: Candidature[];
}

@ObjectType({ description: "Synthèse du rapport d'éligibilité (stockée, recalculée à chaque modification)." })
export class EligibilityFlags {
  @Field({ description: 'Un critère BLOQUANT non rempli.' }) blocking!: boolean;
  @Field({ description: 'Une CONDITION à lever.' }) condition!: boolean;
  @Field({ description: 'Un point de VIGILANCE.' }) warning!: boolean;
}

@ObjectType()
export class AssignedInstructeur {
  @Field(() => ID) accountId!: string;
  @Field(() => String, { nullable: true }) displayName!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
}
