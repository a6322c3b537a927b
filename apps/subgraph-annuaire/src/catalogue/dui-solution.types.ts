import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum DuiCouloir {
  MEDICO_SOCIAL = 'MEDICO_SOCIAL',
  HOSPITALIER = 'HOSPITALIER',
}
export enum DuiProfile {
  PA = 'PA',
  PH = 'PH',
  DOMICILE = 'DOMICILE',
  AHI = 'AHI',
  PJM = 'PJM',
  PE = 'PE',
  DPI = 'DPI',
}
export enum DuiReferencingStatus {
  REFERENCED = 'REFERENCED',
  IN_PROGRESS = 'IN_PROGRESS',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(DuiCouloir, { name: 'DuiCouloir', description: 'Couloir du référencement Ségur.' });
registerEnumType(DuiProfile, { name: 'DuiProfile', description: 'Profil fonctionnel référencé (PA, PH, domicile, AHI, PJM, protection de l’enfance, DPI).' });
registerEnumType(DuiReferencingStatus, { name: 'DuiReferencingStatus', description: 'Référencée, en cours de référencement, ou retirée.' });

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Une solution DUI du catalogue Ségur tenu par la CNSA.' })
export class DuiSolution {
  @Field(() => ID) id!: string;
  @Field() editor!: string;
  @Field() product!: string;
  @Field() version!: string;
  @Field(() => DuiCouloir) couloir!: DuiCouloir;
  @Field(() => Int, { description: 'Vague du Ségur numérique (1 ou 2).' }) vague!: number;
  @Field(() => DuiProfile) profile!: DuiProfile;
  @Field(() => DuiReferencingStatus) referencingStatus!: DuiReferencingStatus;
  @Field({ description: 'Entrée fictive de démonstration (pas la liste officielle de l’ANS).' }) demo!: boolean;
  @Field(() => Date) updatedAt!: Date;
  /** Not a field: who changed it last (exposed to the CNSA only, through `updatedBy`). */
  lastChangedBy!: string | null;
}

@ObjectType({ description: 'Une modification du catalogue : qui, quand, avant, après.' })
export class DuiSolutionChange {
  @Field(() => ID) id!: string;
  @Field() action!: string;
  @Field() changedBy!: string;
  @Field(() => Date) changedAt!: Date;
  @Field(() => String, { nullable: true, description: 'État avant (JSON).' }) before!: string | null;
  @Field({ description: 'État après (JSON).' }) after!: string;
}

@InputType()
export class DuiSolutionFilter {
  @Field(() => DuiCouloir, { nullable: true }) couloir?: DuiCouloir;
  @Field(() => Int, { nullable: true }) vague?: number;
  @Field(() => DuiProfile, { nullable: true }) profile?: DuiProfile;
  @Field(() => DuiReferencingStatus, { nullable: true }) referencingStatus?: DuiReferencingStatus;
  @Field(() => String, { nullable: true, description: 'Éditeur ou produit contenant ce texte.' }) text?: string;
}

@InputType()
export class DuiSolutionInput {
  @Field() editor!: string;
  @Field() product!: string;
  @Field() version!: string;
  @Field(() => DuiCouloir) couloir!: DuiCouloir;
  @Field(() => Int) vague!: number;
  @Field(() => DuiProfile) profile!: DuiProfile;
  @Field(() => DuiReferencingStatus) referencingStatus!: DuiReferencingStatus;
}

@InputType({ description: 'Seuls les champs fournis sont modifiés.' })
export class DuiSolutionUpdateInput {
  @Field(() => String, { nullable: true }) editor?: string;
  @Field(() => String, { nullable: true }) product?: string;
  @Field(() => String, { nullable: true }) version?: string;
  @Field(() => DuiCouloir, { nullable: true }) couloir?: DuiCouloir;
  @Field(() => Int, { nullable: true }) vague?: number;
  @Field(() => DuiProfile, { nullable: true }) profile?: DuiProfile;
}
