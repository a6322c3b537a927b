import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';

@ObjectType({ description: 'Convention ARS–porteur : montants, jalons, document. Signée, elle rend exigible l’avance de 50 %.' })
export class Convention {
  @Field(() => ID) id!: string;
  @Field(() => ID) candidatureId!: string;
  @Field({ description: 'GENERATED (à signer) ou SIGNED.' }) status!: string;
  @Field(() => Int, { description: 'Subvention totale (euros).' }) total!: number;
  @Field(() => Int, { description: 'Avance de 50 % à la signature (arrondie à l’euro supérieur).' }) advance!: number;
  @Field(() => Int, { description: 'Solde en fin de projet, sous conditions (cibles d’usage, état des dépenses).' }) balance!: number;
  @Field(() => Int, { nullable: true, description: 'Durée indicative (mois) : 18 avec acquisition, 9 sinon ; aucune au guichet national.' }) durationMonths!: number | null;
  @Field({ description: 'Début du projet (AAAA-MM-JJ) : la date de signature, ou la date de génération tant que non signée.' }) projectStart!: string;
  @Field(() => String, { nullable: true, description: 'Fin attendue (AAAA-MM-JJ), indicative.' }) expectedEnd!: string | null;
  @Field() generatedBy!: string;
  @Field(() => GraphQLISODateTime) generatedAt!: Date;
  @Field(() => String, { nullable: true }) signedOn!: string | null;
  @Field(() => String, { nullable: true }) signedBy!: string | null;
  @Field({ description: 'Téléchargement du PDF via la passerelle.' }) documentUrl!: string;
}

@ObjectType({ description: 'Un versement de la subvention (avance, solde).' })
export class Payment {
  @Field(() => ID) id!: string;
  @Field({ description: 'ADVANCE ou BALANCE.' }) kind!: string;
  @Field(() => Int) amount!: number;
  @Field({ description: 'DUE (exigible) ou PAID.' }) status!: string;
  @Field() dueOn!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
