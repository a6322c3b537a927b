import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

export enum GridStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(GridStatusEnum, {
  name: 'GridStatus',
  description: 'Brouillon (modifiable), publiée (immuable, utilisée pour noter), archivée (remplacée par une version plus récente).',
});

@ObjectType({ description: "Un critère de la grille d'aide à l'instruction, noté de 0 à maxPoints." })
export class GridCriterion {
  @Field() code!: string;
  @Field() label!: string;
  @Field({ description: "Ce que l'instructeur regarde pour noter ce critère." }) guidance!: string;
  @Field(() => Int) maxPoints!: number;
  @Field(() => Int) position!: number;
}

@ObjectType({ description: "Un élément de priorisation régionale de l'ARS pour la campagne." })
export class PriorityRule {
  @Field() code!: string;
  @Field() label!: string;
  @Field() description!: string;
  @Field(() => Int) position!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "Grille d'aide à l'instruction d'une ARS pour une campagne, versionnée." })
export class Grid {
  @Field(() => ID) id!: string;
  @Field() regionCode!: string;
  @Field({ description: 'Identifiant de la campagne (sous-graphe candidature), par exemple `normandie-2024`.' }) campaignId!: string;
  @Field(() => Int) version!: number;
  @Field(() => GridStatusEnum) status!: GridStatusEnum;
  @Field() label!: string;
  @Field({ description: 'Texte source (appel à projets, instruction nationale).' }) source!: string;
  @Field(() => Int, { nullable: true, description: 'Note à partir de laquelle un projet est « mature » (Normandie 2024 : 11).' })
  maturityThreshold!: number | null;
  @Field() createdBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt!: Date | null;
}

@InputType()
export class UpdateGridCriterionInput {
  @Field(() => ID) gridId!: string;
  @Field() code!: string;
  @Field({ nullable: true }) label?: string;
  @Field({ nullable: true }) guidance?: string;
  @Field(() => Int, { nullable: true }) maxPoints?: number;
}

@InputType()
export class UpdateGridInput {
  @Field(() => ID) gridId!: string;
  @Field({ nullable: true }) label?: string;
  @Field(() => Int, { nullable: true, description: 'null : pas de seuil de maturité.' }) maturityThreshold?: number | null;
}
