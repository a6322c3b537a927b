import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Establishment } from '../federation/stubs';

@ObjectType({ description: 'Montant d’un ESSMS dans la convention (forfaits du domaine, tels qu’à la génération).' })
export class ConventionLine {
  @Field(() => ID) finess!: string;
  @Field(() => Establishment) establishment!: Establishment;
  @Field(() => String, { nullable: true, description: 'Raison sociale de l’ESSMS à la génération (annuaire), si connue.' }) name!: string | null;
  @Field(() => Int, { description: 'Rang de l’ESSMS dans le projet (1 = premier).' }) rank!: number;
  @Field({ description: 'ACQUISITION ou UPGRADE (mise à niveau).' }) situation!: string;
  @Field(() => Int, { description: 'Forfait usages (euros).' }) usages!: number;
  @Field(() => Int, { description: 'Équipement logiciel (euros).' }) software!: number;
  @Field(() => Int, { description: 'Matériel et infrastructure (euros), jamais versé au-delà de la dépense justifiée.' }) hardware!: number;
  @Field(() => Int, { description: 'Total de la ligne (euros).' }) amount!: number;
}

@ObjectType({ description: 'Un jalon prévu par la convention, avec sa date indicative (calculée depuis la date de signature).' })
export class ConventionMilestone {
  @Field() code!: string;
  @Field() label!: string;
  @Field(() => String, { nullable: true, description: 'AAAA-MM-JJ ; null quand la durée ne s’applique pas (guichet national).' }) plannedOn!: string | null;
}

@ObjectType({ description: 'Convention ARS–porteur : montants, jalons, document. Signée, elle rend exigible l’avance de 50 %.' })
export class Convention {
  @Field(() => ID) id!: string;
  @Field(() => ID) candidatureId!: string;
  @Field({ description: 'GENERATED (à signer) ou SIGNED.' }) status!: string;
  @Field(() => Int, { description: 'Subvention totale (euros).' }) total!: number;
  @Field(() => Int, { description: 'Avance de 50 % à la signature (arrondie à l’euro supérieur).' }) advance!: number;
  @Field(() => Int, { description: 'Solde en fin de projet, sous conditions (cibles d’usage, état des dépenses).' }) balance!: number;
  @Field(() => Int, { description: 'Forfait AMOA du projet (euros), hors lignes des ESSMS.' }) amoa!: number;
  @Field(() => [ConventionLine], { description: 'Montants par ESSMS, tels qu’à la génération de la convention.' }) lines!: ConventionLine[];
  @Field(() => Int, { nullable: true, description: 'Durée indicative (mois) : 18 avec acquisition, 9 sinon ; aucune au guichet national.' }) durationMonths!: number | null;
  @Field({ description: 'Début du projet (AAAA-MM-JJ) : la date de signature, ou la date de génération tant que non signée.' }) projectStart!: string;
  @Field(() => String, { nullable: true, description: 'Fin attendue (AAAA-MM-JJ), indicative.' }) expectedEnd!: string | null;
  @Field(() => String, { nullable: true, description: 'Date (AAAA-MM-JJ, Paris) de la décision qui a retenu le dossier : la signature ne peut pas la précéder.' })
  decidedOn!: string | null;
  @Field() generatedBy!: string;
  @Field(() => GraphQLISODateTime) generatedAt!: Date;
  @Field(() => String, { nullable: true }) signedOn!: string | null;
  @Field(() => String, { nullable: true }) signedBy!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Quand la signature a été enregistrée.' }) signedAt!: Date | null;
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
