import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

@ObjectType({ description: 'Une valeur publiée, ou masquée (secret statistique) si elle repose sur trop peu de dossiers.' })
export class OpenDataCell {
  @Field(() => Int, { nullable: true, description: 'Nulle quand la valeur est masquée.' }) value!: number | null;
  @Field() suppressed!: boolean;
}

@ObjectType()
export class OpenDataBreakdown {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => OpenDataCell) files!: OpenDataCell;
  @Field(() => OpenDataCell, { description: 'Montant demandé (euros).' }) amountRequested!: OpenDataCell;
}

@ObjectType({ description: 'Agrégats anonymisés d’un territoire (France ou région).' })
export class OpenDataArea {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => OpenDataCell, { description: 'Candidatures déposées.' }) files!: OpenDataCell;
  @Field(() => OpenDataCell, { description: 'Candidatures retenues ou au-delà.' }) filesGranted!: OpenDataCell;
  @Field(() => OpenDataCell, { description: 'Montant demandé (euros).' }) amountRequested!: OpenDataCell;
  @Field(() => OpenDataCell, { description: 'Montant accordé (euros).' }) amountGranted!: OpenDataCell;
  @Field(() => OpenDataCell, { description: 'ESSMS couverts par un projet retenu.' }) essmsCovered!: OpenDataCell;
  @Field(() => [OpenDataBreakdown], { description: 'Candidatures par état.' }) byState!: OpenDataBreakdown[];
}

@ObjectType()
export class OpenDataField {
  @Field() field!: string;
  @Field() label!: string;
  @Field(() => OpenDataCell) files!: OpenDataCell;
  @Field(() => OpenDataCell) essmsCovered!: OpenDataCell;
}

@ObjectType({ description: 'Données ouvertes du programme ESMS numérique : agrégats anonymisés, sans donnée personnelle.' })
export class OpenData {
  @Field(() => GraphQLDateTimeISO) generatedAt!: Date;
  @Field(() => Int, { description: 'Taille minimale d’un groupe publié (en dossiers) ; en dessous, la valeur est masquée.' }) minimumGroupSize!: number;
  @Field() licence!: string;
  @Field() producer!: string;
  @Field(() => [String]) notes!: string[];
  @Field(() => OpenDataArea) national!: OpenDataArea;
  @Field(() => [OpenDataArea]) regions!: OpenDataArea[];
  @Field(() => [OpenDataField]) byField!: OpenDataField[];
  @Field(() => [OpenDataBreakdown]) byProjectType!: OpenDataBreakdown[];
}
