import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Un département (liste officielle INSEE).' })
export class Departement {
  @Field() code!: string;
  @Field() name!: string;
  @Field() regionCode!: string;
}

@ObjectType({ description: 'Un référent ESMS numérique nommé de l’ARS.' })
export class ArsReferent {
  @Field() name!: string;
  @Field() email!: string;
}

@ObjectType({ description: 'Les contacts ESMS numérique de l’ARS de la région (annexe du guide SAD, 004).' })
export class ArsContacts {
  @Field(() => [String], { description: 'Adresses génériques.' }) genericEmails!: string[];
  @Field(() => [ArsReferent]) referents!: ArsReferent[];
  @Field({ description: 'Vrai quand l’annexe ne donne aucun contact pour cette ARS (à compléter par l’ARS).' }) absentFromAnnex!: boolean;
}

@ObjectType()
export class GradesContact {
  @Field({ description: 'Personne, ou type de contact quand l’annexe ne donne pas de nom.' }) name!: string;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true, description: 'Absente quand l’annexe n’en donne pas.' }) email!: string | null;
}

@ObjectType({ description: 'Le groupement régional d’appui au développement de la e-santé (GRADeS).' })
export class Grades {
  @Field() name!: string;
  @Field(() => [GradesContact]) contacts!: GradesContact[];
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@Directive('@key(fields: "code")')
@ObjectType({ description: 'Une des 18 régions dotées d’une ARS (code INSEE).' })
export class Region {
  @Field(() => ID, { description: 'Code INSEE de la région (28 Normandie, 93 PACA, 94 Corse…).' }) code!: string;
  @Field() name!: string;
  @Field() isOverseas!: boolean;
  @Field() isCorse!: boolean;
}
