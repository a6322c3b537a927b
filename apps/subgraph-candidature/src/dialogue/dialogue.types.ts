import { FILE_PARTS } from '@esms/domain';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

/** The porteur's parts of the file that a complement request can reopen (domain FILE_PARTS). */
export const PORTEUR_PARTS = ['identity', 'grappe', 'solution', 'funding', 'pieces', 'saad'] as const;
export type PorteurPart = (typeof PORTEUR_PARTS)[number];
export const FilePartEnum = Object.fromEntries(PORTEUR_PARTS.filter((p) => FILE_PARTS.includes(p)).map((p) => [p, p])) as Record<PorteurPart, PorteurPart>;
registerEnumType(FilePartEnum, {
  name: 'FilePart',
  description: 'Partie du dossier du porteur : identity (identité, réponses), grappe, solution, funding (plan de financement), pieces, saad.',
});

export enum MessageKind {
  MESSAGE = 'MESSAGE',
  COMPLEMENT_REQUEST = 'COMPLEMENT_REQUEST',
  COMPLEMENT_ANSWER = 'COMPLEMENT_ANSWER',
  REOPEN = 'REOPEN',
}
registerEnumType(MessageKind, { name: 'MessageKind' });

@ObjectType({ description: 'Un message du dialogue entre l’ARS et le porteur sur le dossier.' })
export class CandidatureMessage {
  @Field(() => ID) id!: string;
  @Field(() => MessageKind) kind!: MessageKind;
  @Field() body!: string;
  @Field(() => GraphQLDateTimeISO) at!: Date;
  @Field({ description: 'PORTEUR, INSTRUCTEUR ou CNSA.' }) authorRole!: string;
  @Field(() => String, { nullable: true, description: "Nom de l'auteur (les agents restent anonymes pour le porteur)." }) authorName!: string | null;
  @Field({ description: 'Vrai quand vous en êtes l’auteur.' }) mine!: boolean;
}

@ObjectType({ description: 'Demande de compléments : les seules parties rouvertes au porteur.' })
export class ComplementRequestView {
  @Field(() => ID) id!: string;
  @Field(() => [FilePartEnum]) parts!: PorteurPart[];
  @Field() message!: string;
  @Field(() => GraphQLDateTimeISO) requestedAt!: Date;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) answeredAt!: Date | null;
}
