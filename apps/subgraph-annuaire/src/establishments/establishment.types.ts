import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Adresse FiNESS.' })
export class Address {
  @Field({ description: 'Numéro et voie.' }) line!: string;
  @Field() postalCode!: string;
  @Field() city!: string;
  @Field({ description: 'Code commune INSEE (COG).' }) communeCode!: string;
}

@Directive('@key(fields: "finess")')
@ObjectType({ description: 'Un ESSMS (établissement ou service social ou médico-social), identifié par son FINESS géographique. Données publiques FiNESS.' })
export class Establishment {
  @Field(() => ID, { description: 'FINESS géographique (ET).' }) finess!: string;
  @Field({ description: 'FINESS juridique (EJ) de l’organisme gestionnaire.' }) finessEj!: string;
  @Field() name!: string;
  @Field({ description: 'Code de catégorie FINESS (500 EHPAD, 354 SSIAD…).' }) category!: string;
  @Field(() => String, { nullable: true }) categoryLabel!: string | null;
  @Field(() => Address) address!: Address;
  @Field(() => String, { nullable: true }) departement!: string | null;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field({ description: 'Fermé dans FiNESS.' }) closed!: boolean;
  @Field(() => String, { nullable: true, description: 'Date d’ouverture (AAAA-MM-JJ).' }) openedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Date de fermeture (AAAA-MM-JJ).' }) closedOn!: string | null;
}
