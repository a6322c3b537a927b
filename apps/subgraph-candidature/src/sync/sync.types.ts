import { Field, Int, ObjectType } from 'type-graphql';
import { Candidature } from '../candidatures/candidature.types';

@ObjectType({ description: 'Une candidature de la page, avec son curseur (opaque).' })
export class CandidatureEdge {
  @Field({ description: 'Curseur opaque : passez-le en `after` pour lire la suite.' }) cursor!: string;
  @Field(() => Candidature) node!: unknown;
}

@ObjectType({ description: 'Où en est la lecture page à page.' })
export class CandidaturePageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Curseur de la dernière candidature de la page (null si la page est vide).' }) endCursor!: string | null;
}

@ObjectType({ description: 'Une page de candidatures, triée par date de dernière modification puis identifiant (pagination par curseur).' })
export class CandidatureConnection {
  @Field(() => [CandidatureEdge]) edges!: CandidatureEdge[];
  @Field(() => CandidaturePageInfo) pageInfo!: CandidaturePageInfo;
  @Field(() => Int, { description: 'Nombre total de candidatures pour ce filtre (et `updatedSince`).' }) totalCount!: number;
}
