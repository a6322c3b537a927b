import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Address } from '../establishments/establishment.types';

@Directive('@key(fields: "finessEj")')
@ObjectType({ description: 'Un organisme gestionnaire, identifié par son FINESS juridique. Données publiques FiNESS.' })
export class OrganismeGestionnaire {
  @Field(() => ID, { description: 'FINESS juridique (EJ).' }) finessEj!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Code de statut juridique FiNESS.' }) legalStatus!: string | null;
  @Field(() => String, { nullable: true }) siren!: string | null;
  @Field(() => Address, { nullable: true }) address!: Address | null;
  @Field(() => String, { nullable: true }) departement!: string | null;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field() closed!: boolean;
}
