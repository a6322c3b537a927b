import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

export enum AccountRoleEnum {
  PORTEUR = 'PORTEUR',
  INSTRUCTEUR = 'INSTRUCTEUR',
  CD = 'CD',
  CNSA = 'CNSA',
}
registerEnumType(AccountRoleEnum, { name: 'AccountRole', description: 'Rôle d’un compte de personne.' });

@ObjectType({ description: 'Organisme gestionnaire (FINESS EJ) pour lequel agit un compte porteur.' })
export class AccountOrganisme {
  @Field() finessEj!: string;
  @Field() name!: string;
  @Field({ description: "Faux tant que l'ARS n'a pas confirmé un FINESS EJ déclaré (absent de l'annuaire)." }) confirmed!: boolean;
}

@ObjectType({ description: 'Le compte connecté.' })
export class Me {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => AccountRoleEnum) role!: AccountRoleEnum;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => [String]) departements!: string[];
  @Field(() => [AccountOrganisme]) organismes!: AccountOrganisme[];
}

@ObjectType({ description: "Réponse à une inscription : identique que l'adresse ait déjà un compte ou non." })
export class SignUpResult {
  @Field() ok!: boolean;
  @Field() message!: string;
}

@InputType()
export class SignUpInput {
  @Field() email!: string;
  @Field() password!: string;
  @Field() displayName!: string;
}

@ObjectType({ description: "Jeton d'API d'un client tiers ; le secret n'est jamais relu, seul son préfixe est affiché." })
export class ApiToken {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field() label!: string;
  @Field() prefix!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => GraphQLDateTimeISO) createdAt!: Date;
  @Field(() => GraphQLDateTimeISO) expiresAt!: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) lastUsedAt!: Date | null;
}

@ObjectType({ description: 'Un jeton créé : `token` est montré cette seule fois, conservez-le.' })
export class CreatedApiToken {
  @Field() token!: string;
  @Field(() => ApiToken) apiToken!: ApiToken;
}

@InputType()
export class CreateApiTokenInput {
  @Field() label!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => Int, { description: 'Entre 1 et 365.' }) expiresInDays!: number;
}

@ObjectType({ description: "Rattachement d'un compte à un FINESS EJ inconnu de l'annuaire, à confirmer par l'ARS." })
export class OrganismeDeclaration {
  @Field(() => ID) accountId!: string;
  @Field() accountEmail!: string;
  @Field() accountDisplayName!: string;
  @Field() finessEj!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) address!: string | null;
  @Field(() => String, { nullable: true }) regionCode!: string | null;
  @Field(() => GraphQLDateTimeISO) declaredAt!: Date;
}
