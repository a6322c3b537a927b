import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum BlockingPieceReason {
  MISSING = 'MISSING',
  SCAN_PENDING = 'SCAN_PENDING',
  INFECTED = 'INFECTED',
}
registerEnumType(BlockingPieceReason, {
  name: 'BlockingPieceReason',
  description: "Pourquoi une pièce bloque le dépôt : obligatoire et absente, en cours d'analyse antivirus, ou dernier envoi infecté (mis en quarantaine).",
});

@ObjectType('BlockingPiece', { description: 'Une pièce qui empêche le dépôt maintenant, et pourquoi.' })
export class BlockingPiece {
  @Field() code!: string;
  @Field() label!: string;
  @Field(() => BlockingPieceReason) reason!: BlockingPieceReason;
  @Field({ description: 'Ce qu’il faut faire (français).' }) message!: string;
}

@ObjectType('ArsContact')
export class ArsContact {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field() email!: string;
}

@ObjectType('SubmissionCheck', { description: 'Ce qui empêche le dépôt maintenant (vide quand le dépôt est possible).' })
export class SubmissionCheck {
  @Field() canSubmit!: boolean;
  @Field(() => [String], { description: 'Motifs en français, un par point à corriger.' }) problems!: string[];
  @Field(() => [String], { description: 'Codes des pièces obligatoires sans fichier utilisable (absent, en cours d’analyse antivirus ou infecté).' }) missingPieces!: string[];
  @Field(() => [BlockingPiece], { description: 'Les pièces qui bloquent le dépôt, chacune avec sa raison.' }) blockingPieces!: BlockingPiece[];
  @Field({ description: 'Vrai quand la date du jour est dans la période de dépôt (heure de Paris).' }) onTime!: boolean;
  @Field(() => String, { nullable: true, description: 'Fenêtre de sélection en cours (W1, W2…).' }) currentWindow!: string | null;
  @Field() closesOn!: string;
  @Field(() => [ArsContact], { description: "Contacts de l'ARS (boîte générique et référents) de la région pivot." }) arsContacts!: ArsContact[];
}
