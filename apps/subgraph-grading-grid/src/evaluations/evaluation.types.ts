import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

export enum EvaluationStatusEnum {
  DRAFT = 'DRAFT',
  SIGNED = 'SIGNED',
}
registerEnumType(EvaluationStatusEnum, { name: 'EvaluationStatus', description: 'Brouillon (modifiable par son auteur) ou signée (définitive).' });

/**
 * The candidature, owned by the candidature subgraph. This subgraph only knows its id and adds
 * `evaluations` and `gradingSummary` to it.
 */
@Directive('@key(fields: "id")')
@ObjectType()
export class Candidature {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class CriterionScore {
  @Field() criterionCode!: string;
  @Field(() => Int) points!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "La notation d'une candidature par un instructeur avec une version de grille." })
export class Evaluation {
  @Field(() => ID) id!: string;
  @Field(() => ID) candidatureId!: string;
  @Field(() => ID) gridId!: string;
  @Field(() => Int) gridVersion!: number;
  @Field(() => ID, { description: "Compte de l'instructeur qui note." }) evaluatorId!: string;
  @Field({ description: "Région de l'ARS de l'instructeur qui note." }) regionCode!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => Int) total!: number;
  @Field(() => EvaluationStatusEnum) status!: EvaluationStatusEnum;
  @Field(() => GraphQLISODateTime, { nullable: true }) signedAt!: Date | null;
  @Field(() => Int, { description: 'Version pour le verrouillage optimiste (expectedVersion).' }) version!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType({ description: 'Synthèse des notations d’une candidature.' })
export class GradingSummary {
  @Field(() => Int) count!: number;
  @Field(() => Int) signedCount!: number;
  @Field(() => Float, { nullable: true, description: 'Médiane des notes des évaluations signées (null si aucune).' }) consensus!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'consensus ≥ seuil de maturité (null sans note signée ou sans seuil).' }) mature!: boolean | null;
  @Field(() => Int, { nullable: true }) threshold!: number | null;
}

@InputType()
export class CriterionScoreInput {
  @Field() criterionCode!: string;
  @Field(() => Int) points!: number;
}

@InputType()
export class GradeCandidatureInput {
  @Field(() => ID) candidatureId!: string;
  @Field(() => ID) gridId!: string;
  @Field(() => [CriterionScoreInput]) scores!: CriterionScoreInput[];
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => Int, { nullable: true, description: "Version lue de l'évaluation : refusée (CONFLICT) si elle a changé entre-temps." })
  expectedVersion?: number | null;
}
