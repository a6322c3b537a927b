import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

export enum PieceRequirementLevel {
  REQUIRED = 'REQUIRED',
  RECOMMENDED = 'RECOMMENDED',
  OPTIONAL = 'OPTIONAL',
}
registerEnumType(PieceRequirementLevel, { name: 'PieceRequirementLevel', description: 'Obligatoire, recommandée ou facultative (003 annexe 2).' });

export enum PieceScanStatus {
  PENDING = 'PENDING',
  SAFE = 'SAFE',
  INFECTED = 'INFECTED',
  SAFE_UNSCANNED = 'SAFE_UNSCANNED',
}
registerEnumType(PieceScanStatus, { name: 'PieceScanStatus', description: 'Résultat de l’analyse antivirus (ClamAV) du fichier.' });

@ObjectType('PieceFile', { description: 'Un fichier déposé pour une pièce ; téléchargement : GET /files/pieces/{id}.' })
export class PieceFile {
  @Field(() => ID) id!: string;
  @Field() fileName!: string;
  @Field(() => Int, { description: 'Taille en octets.' }) size!: number;
  @Field({ description: 'Type reconnu dans le contenu du fichier (pas celui déclaré).' }) mediaType!: string;
  @Field(() => GraphQLDateTimeISO) uploadedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Compte auteur du dépôt.' }) uploadedBy!: string | null;
  @Field({ description: 'Chemin de téléchargement via la passerelle.' }) downloadPath!: string;
  @Field(() => PieceScanStatus, { description: "Analyse antivirus : PENDING (en attente : ni téléchargeable ni comptée pour le dépôt), SAFE, SAFE_UNSCANNED (antivirus désactivé en développement). Un fichier infecté n'est jamais un fichier de la pièce : voir PieceRequirementView.quarantined." })
  scanStatus!: PieceScanStatus;
}

@ObjectType('QuarantinedPieceFile', { description: "Un fichier refusé par l'antivirus (virus détecté) : mis en quarantaine, jamais ajouté à la candidature ni servi." })
export class QuarantinedPieceFile {
  @Field(() => ID) id!: string;
  @Field() fileName!: string;
  @Field(() => Int, { description: 'Taille en octets.' }) size!: number;
  @Field(() => GraphQLDateTimeISO, { description: 'Date de la détection.' }) detectedAt!: Date;
  @Field({ description: 'Nom de la signature ClamAV détectée.' }) signature!: string;
}

@ObjectType('PieceRequirementView', { description: 'Une pièce de l’annexe 2 (P01–P16) pour cette candidature.' })
export class PieceRequirementView {
  @Field() code!: string;
  @Field() label!: string;
  @Field(() => PieceRequirementLevel) requirement!: PieceRequirementLevel;
  @Field({ description: 'Pourquoi cette exigence (français).' }) reason!: string;
  @Field(() => [PieceFile], { description: 'Fichier actuel (le remplacement garde l’historique côté serveur).' }) files!: PieceFile[];
  @Field(() => Int, { description: 'Nombre de versions remplacées conservées.' }) replacedCount!: number;
  @Field(() => QuarantinedPieceFile, {
    nullable: true,
    description: "Dernier envoi de cette pièce refusé par l'antivirus, plus récent que le fichier actuel (null sinon) : déposez une autre version.",
  })
  quarantined!: QuarantinedPieceFile | null;
}
