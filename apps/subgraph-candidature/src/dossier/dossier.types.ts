import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';

export enum ProjectType {
  ACQUISITION = 'ACQUISITION',
  MISE_EN_CONFORMITE = 'MISE_EN_CONFORMITE',
  MIXTE = 'MIXTE',
}
registerEnumType(ProjectType, {
  name: 'DossierProjectType',
  description: "Type de projet déduit de la situation des ESSMS : acquisition, mise en conformité (montée de version Ségur) ou les deux.",
});

export enum ProjectField {
  PA = 'PA',
  PH = 'PH',
  DOMICILE = 'DOMICILE',
  AHI = 'AHI',
  PJM = 'PJM',
  PROTECTION_ENFANCE = 'PROTECTION_ENFANCE',
  ADDICTOLOGIE = 'ADDICTOLOGIE',
  AUTRE = 'AUTRE',
}
registerEnumType(ProjectField, {
  name: 'DossierProjectField',
  description: 'Champs couverts : personnes âgées, personnes handicapées, domicile, AHI, PJM, protection de l’enfance, addictologie, autre.',
});

export enum VatRegime {
  HT = 'HT',
  TTC = 'TTC',
}
registerEnumType(VatRegime, { name: 'DossierVatRegime', description: 'Montants présentés hors taxes (TVA récupérable) ou TTC.' });

export enum EuFund {
  FEDER = 'FEDER',
  FSE = 'FSE',
  AUTRE = 'AUTRE',
}
registerEnumType(EuFund, { name: 'DossierEuFund', description: 'Autres fonds européens structurels et d’investissement (E02).' });

@ObjectType('DossierPlanStep', { description: 'Une étape du planning projet sur 2 ans (mois depuis le démarrage).' })
export class PlanStep {
  @Field(() => Int, { description: 'Mois de début, 0 à 23.' }) monthOffset!: number;
  @Field(() => Int, { description: 'Durée en mois (1 au moins).' }) durationMonths!: number;
  @Field() label!: string;
}

@ObjectType('DossierSelfDiagnostic', { description: 'Autodiagnostics d’un ESSMS (003 §4.2 E, pièce P12).' })
export class SelfDiagnostic {
  @Field() finess!: string;
  @Field({ description: 'Autodiagnostic ANAP maturité et sécurité du SI réalisé.' }) anapMaturitySecurity!: boolean;
  @Field({ description: 'Autodiagnostic ANAP niveau de gestion du SI réalisé.' }) siManagementLevel!: boolean;
  @Field({ description: 'ESSMS positionné sur les 13 mesures de cybersécurité.' }) cyberMeasures!: boolean;
}

@ObjectType('DossierGhtConditions', { description: 'Les trois conditions du porteur GHT (003 §4.2 C, E08).' })
export class GhtConditions {
  @Field({ description: 'Contrat de la commande publique couvrant le DPI.' }) publicProcurementContract!: boolean;
  @Field({ description: 'Étude de couverture des besoins du DUI par le DPI (P14).' }) dpiCoverageStudy!: boolean;
  @Field({ description: 'Aucun financement européen ni HOPEN pour ce DPI.' }) noEuOrHopenFunding!: boolean;
}

@ObjectType('DossierChecklistItem', { description: 'Étape du guide du porteur (000 « Comment s’y prendre ? »).' })
export class ChecklistItem {
  @Field() code!: string;
  @Field() section!: string;
  @Field() label!: string;
  @Field(() => String, { nullable: true }) documents!: string | null;
  @Field() done!: boolean;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) doneAt!: Date | null;
}

@ObjectType('CandidatureDossier', { description: 'Réponses aux questions du dossier de candidature.' })
export class CandidatureDossier {
  @Field(() => ProjectType, { nullable: true, description: 'Déduit des ESSMS (null sans ESSMS).' }) projectType!: ProjectType | null;
  @Field(() => String, { nullable: true }) projectTypeLabel!: string | null;
  @Field(() => [ProjectField]) fields!: ProjectField[];
  @Field(() => String, { nullable: true }) governance!: string | null;
  @Field(() => [PlanStep]) projectPlan!: PlanStep[];
  @Field(() => [SelfDiagnostic], { description: 'Un élément par ESSMS de la grappe (faux par défaut).' }) selfDiagnostics!: SelfDiagnostic[];
  @Field(() => VatRegime, { nullable: true }) vatRegime!: VatRegime | null;
  @Field() porteurIsGht!: boolean;
  @Field(() => GhtConditions, { nullable: true }) ght!: GhtConditions | null;
  @Field(() => [EuFund], { nullable: true, description: 'null : question non répondue (E02 à vérifier) ; [] : aucun autre fonds.' }) otherEuFunds!: EuFund[] | null;
  @Field(() => String, { nullable: true, description: 'Entité nationale de rattachement du porteur (E06, P13).' }) porteurNationalEntity!: string | null;
  @Field({ description: "Le DUI de l'organisme gestionnaire est réutilisé pour des structures PDE/PDS (P14)." }) ogDuiReusedForPdePds!: boolean;
  @Field(() => [ChecklistItem]) checklist!: ChecklistItem[];
  @Field({ description: 'Vrai quand vous pouvez modifier ces réponses maintenant.' }) editable!: boolean;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) updatedAt!: Date | null;
}

@InputType('DossierPlanStepInput')
export class PlanStepInput {
  @Field(() => Int) monthOffset!: number;
  @Field(() => Int, { nullable: true, defaultValue: 1 }) durationMonths?: number | null;
  @Field() label!: string;
}

@InputType('DossierSelfDiagnosticInput')
export class SelfDiagnosticInput {
  @Field() finess!: string;
  @Field() anapMaturitySecurity!: boolean;
  @Field() siManagementLevel!: boolean;
  @Field() cyberMeasures!: boolean;
}

@InputType('DossierGhtConditionsInput')
export class GhtConditionsInput {
  @Field() publicProcurementContract!: boolean;
  @Field() dpiCoverageStudy!: boolean;
  @Field() noEuOrHopenFunding!: boolean;
}

@InputType('DossierChecklistTickInput')
export class ChecklistTickInput {
  @Field() code!: string;
  @Field() done!: boolean;
}

@InputType('CandidatureDossierInput', { description: 'Mise à jour partielle : seuls les champs fournis changent (null efface).' })
export class CandidatureDossierInput {
  @Field(() => [ProjectField], { nullable: true }) fields?: ProjectField[] | null;
  @Field(() => String, { nullable: true }) governance?: string | null;
  @Field(() => [PlanStepInput], { nullable: true, description: 'Remplace tout le planning.' }) projectPlan?: PlanStepInput[] | null;
  @Field(() => [SelfDiagnosticInput], { nullable: true, description: 'Par ESSMS (seuls les ESSMS fournis changent).' }) selfDiagnostics?: SelfDiagnosticInput[] | null;
  @Field(() => VatRegime, { nullable: true }) vatRegime?: VatRegime | null;
  @Field(() => Boolean, { nullable: true }) porteurIsGht?: boolean | null;
  @Field(() => GhtConditionsInput, { nullable: true }) ght?: GhtConditionsInput | null;
  @Field(() => [EuFund], { nullable: true, description: '[] : aucun autre fonds européen.' }) otherEuFunds?: EuFund[] | null;
  @Field(() => String, { nullable: true }) porteurNationalEntity?: string | null;
  @Field(() => Boolean, { nullable: true }) ogDuiReusedForPdePds?: boolean | null;
  @Field(() => [ChecklistTickInput], { nullable: true, description: 'Coches du guide (seuls les codes fournis changent).' }) checklist?: ChecklistTickInput[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Demande du forfait d'assistance à maîtrise d'ouvrage (AMOA, 100 000 € par projet, 003 §4.4.2), réservé aux regroupements composés uniquement de petits organismes gestionnaires : refusée (BAD_USER_INPUT) sinon. false retire la demande.",
  })
  amoaRequested?: boolean | null;
}
