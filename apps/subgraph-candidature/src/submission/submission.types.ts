import { Field, ObjectType } from 'type-graphql';

@ObjectType('ArsContact')
export class ArsContact {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field() email!: string;
}

@ObjectType('SubmissionCheck', { description: 'Ce qui empêche le dépôt maintenant (vide quand le dépôt est possible).' })
export class SubmissionCheck {
  @Field() canSubmit!: boolean;
  @Field(() => [String], { description: 'Motifs en français, un par point à corriger.' }) problems!: string[];
  @Field(() => [String], { description: 'Codes des pièces obligatoires manquantes.' }) missingPieces!: string[];
  @Field({ description: 'Vrai quand la date du jour est dans la période de dépôt (heure de Paris).' }) onTime!: boolean;
  @Field(() => String, { nullable: true, description: 'Fenêtre de sélection en cours (W1, W2…).' }) currentWindow!: string | null;
  @Field() closesOn!: string;
  @Field(() => [ArsContact], { description: "Contacts de l'ARS (boîte générique et référents) de la région pivot." }) arsContacts!: ArsContact[];
}
