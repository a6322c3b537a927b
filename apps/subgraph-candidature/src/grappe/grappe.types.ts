import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Candidature } from '../candidatures/candidature.types';
import { EssmsSituation } from '../shared/enums';

@ObjectType('SaadHours', { description: "Déclaration des heures d'un SAAD, année N-1 (003 annexe 1)." })
export class SaadHours {
  @Field(() => Float, { description: "Total des heures réalisées." }) totalHours!: number;
  @Field(() => Float, { description: 'Heures APA (personnes âgées).' }) apaHours!: number;
  @Field(() => Float, { description: 'Heures PCH (personnes handicapées).' }) pchHours!: number;
  @Field(() => Float, { description: 'Heures financées par un autre financeur médico-social.' }) otherHours!: number;
  @Field(() => String, { nullable: true, description: 'Nom de cet autre financeur.' }) otherFunder!: string | null;
  @Field(() => Float, { description: 'Heures de confort (non médico-sociales).' }) confortHours!: number;
  @Field(() => Float, { description: 'Heures médico-sociales = APA + PCH + autre financeur (base du prorata).' }) medicoSocialHours!: number;
}

@InputType('SaadHoursInput')
export class SaadHoursInput {
  @Field(() => Float) totalHours!: number;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) apaHours?: number | null;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) pchHours?: number | null;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) otherHours?: number | null;
  @Field(() => String, { nullable: true }) otherFunder?: string | null;
  @Field(() => Float, { nullable: true, defaultValue: 0 }) confortHours?: number | null;
}

@InputType('NationalEntityInput')
export class NationalEntityInput {
  @Field({ description: "Nom de l'entité nationale (ex. : Croix-Rouge française)." }) name!: string;
}

@InputType('GrappeMemberUpdateInput', { description: 'Mise à jour partielle d’un ESSMS : seuls les champs fournis changent (null efface).' })
export class GrappeMemberUpdateInput {
  @Field(() => EssmsSituation, { nullable: true }) situation?: EssmsSituation | null;
  @Field(() => String, { nullable: true }) currentDui?: string | null;
  @Field(() => String, { nullable: true, description: 'Identifiant de la solution du catalogue de l’annuaire.' }) chosenSolutionId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Solution « en cours de référencement » (pas encore au catalogue).' }) solutionInReferencing?: boolean | null;
  @Field(() => SaadHoursInput, { nullable: true, description: 'null : pas de SAAD.' }) saad?: SaadHoursInput | null;
  @Field(() => Int, { nullable: true, description: 'Devis matériel en euros (petits organismes).' }) hardwareQuote?: number | null;
  @Field(() => NationalEntityInput, { nullable: true, description: 'null : aucun rattachement.' }) nationalEntity?: NationalEntityInput | null;
}

export enum ImportLineStatus {
  ADDED = 'ADDED',
  ALREADY_PRESENT = 'ALREADY_PRESENT',
  MALFORMED = 'MALFORMED',
  UNKNOWN = 'UNKNOWN',
  CLOSED = 'CLOSED',
  DUPLICATE = 'DUPLICATE',
}
registerEnumType(ImportLineStatus, {
  name: 'GrappeImportLineStatus',
  description: "ADDED ajouté ; ALREADY_PRESENT déjà dans la grappe ; MALFORMED numéro mal formé ; UNKNOWN absent de l'annuaire ; CLOSED fermé ; DUPLICATE répété dans la liste.",
});

@ObjectType('GrappeImportLine')
export class ImportLine {
  @Field(() => Int, { description: 'Numéro de ligne dans le texte fourni (1 = première ligne).' }) line!: number;
  @Field({ description: 'Valeur lue sur la ligne.' }) input!: string;
  @Field(() => String, { nullable: true, description: 'FINESS normalisé quand il est bien formé.' }) finess!: string | null;
  @Field(() => ImportLineStatus) status!: ImportLineStatus;
  @Field({ description: 'Explication en français.' }) message!: string;
  @Field(() => String, { nullable: true }) establishmentName!: string | null;
}

@ObjectType('GrappeImportResult')
export class ImportResult {
  @Field(() => Candidature) candidature!: Candidature;
  @Field(() => Int) added!: number;
  @Field(() => [ImportLine]) lines!: ImportLine[];
}
