import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { DuiSolution, Region } from '../federation/stubs';
import { CandidatureStateEnum } from '../shared/enums';

@InputType({ description: 'Filtres du tableau de bord national (tous facultatifs).' })
export class DashboardFilter {
  @Field(() => Int, { nullable: true, description: 'Année de la campagne (AAP).' }) campaignYear?: number | null;
  @Field(() => String, { nullable: true, description: 'Fenêtre de dépôt (W1, W2…).' }) windowCode?: string | null;
  @Field(() => String, { nullable: true, description: "Champ d'activité d'au moins un ESSMS de la grappe (PA, PH_ADULTES…)." }) field?: string | null;
  @Field(() => String, { nullable: true, description: 'Type de projet : ACQUISITION, UPGRADE ou MIXED.' }) projectType?: string | null;
}

@InputType({ description: 'Filtres du détail des dossiers derrière un chiffre du tableau de bord.' })
export class DashboardFilesFilter extends DashboardFilter {
  @Field(() => String, { nullable: true, description: 'Région pivot (code INSEE ; NA : sans région pivot).' }) regionCode?: string | null;
  @Field(() => [CandidatureStateEnum], { nullable: true }) states?: CandidatureStateEnum[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Seulement les dossiers retenus ou au-delà (montants accordés).' }) grantedOnly?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Solution DUI choisie (identifiant du catalogue ; "none" : aucune).' }) duiSolutionId?: string | null;
  @Field(() => String, { nullable: true, description: 'Mois de dépôt AAAA-MM (heure de Paris).' }) submittedMonth?: string | null;
}

@ObjectType()
export class DashboardCount {
  @Field() key!: string;
  @Field() label!: string;
  @Field(() => Int) files!: number;
  @Field(() => Int, { description: 'Montant demandé (euros) des dossiers comptés.' }) amount!: number;
}

@ObjectType({ description: "Indicateurs d'une région (ou de la France entière, code FR)." })
export class DashboardArea {
  @Field() code!: string;
  @Field() name!: string;
  @Field() isOverseas!: boolean;
  @Field(() => Region, { nullable: true, description: 'La région de l’annuaire (nulle pour FR et NA).' }) region!: Region | null;
  @Field(() => Int, { description: 'Candidatures déposées (hors brouillons jamais déposés), région pivot.' }) files!: number;
  @Field(() => [DashboardCount], { description: 'Candidatures par état.' }) byState!: DashboardCount[];
  @Field(() => [DashboardCount], { description: 'Candidatures par fenêtre de dépôt.' }) byWindow!: DashboardCount[];
  @Field(() => Int, { description: 'Somme des financements calculés (domaine) des dossiers déposés.' }) amountRequested!: number;
  @Field(() => Int, { description: 'Somme des financements des dossiers retenus ou au-delà.' }) amountGranted!: number;
  @Field(() => Int, { description: 'Somme des versements enregistrés comme payés (avance, solde) des dossiers comptés, région pivot.' }) amountPaid!: number;
  @Field(() => Int, { description: 'Dossiers retenus ou au-delà.' }) filesGranted!: number;
  @Field(() => Int, { description: 'ESSMS distincts (FINESS) des grappes retenues ou au-delà, par région de l’ESSMS.' }) essmsCovered!: number;
  @Field(() => Int, { description: 'ESSMS distincts présents dans les dossiers déposés.' }) essmsInFiles!: number;
  @Field(() => Int, { nullable: true, description: "ESSMS ouverts de l'annuaire (nul si l'annuaire n'a pas répondu)." }) essmsOpen!: number | null;
  @Field(() => Int, { nullable: true, description: 'ESSMS ouverts dans aucun projet financé (ouverts − couverts).' }) essmsNotCovered!: number | null;
  @Field(() => Float, { nullable: true, description: 'Part des ESSMS ouverts couverts (0–1).' }) coverageRate!: number | null;
  @Field(() => Int, { description: 'Projets à risque (projection du suivi sur les cibles d’usage), région pivot.' }) projectsAtRisk!: number;
}

@ObjectType()
export class FieldBreakdown {
  @Field() field!: string;
  @Field() label!: string;
  @Field(() => Int) files!: number;
  @Field(() => Int) essmsInFiles!: number;
  @Field(() => Int) essmsCovered!: number;
  @Field(() => Int, { nullable: true }) essmsOpen!: number | null;
  @Field(() => Int, { nullable: true }) essmsNotCovered!: number | null;
}

@ObjectType()
export class TypeBreakdown {
  @Field() projectType!: string;
  @Field() label!: string;
  @Field(() => Int) files!: number;
  @Field(() => Int) filesGranted!: number;
  @Field(() => Int) amountRequested!: number;
  @Field(() => Int) amountGranted!: number;
}

@ObjectType()
export class SolutionBreakdown {
  @Field({ description: 'Identifiant du catalogue, "none" si aucune solution choisie.' }) solutionId!: string;
  @Field(() => DuiSolution, { nullable: true }) solution!: DuiSolution | null;
  @Field(() => Int) files!: number;
  @Field(() => Int) filesGranted!: number;
  @Field(() => Int) essms!: number;
  @Field(() => Int) amountGranted!: number;
}

@ObjectType()
export class MonthPoint {
  @Field({ description: 'AAAA-MM (heure de Paris).' }) month!: string;
  @Field(() => Int) submissions!: number;
  @Field(() => Int) amountRequested!: number;
  @Field(() => Int) amountGranted!: number;
}

@ObjectType()
export class UsageTargetShare {
  @Field() indicator!: string;
  @Field() label!: string;
  @Field(() => Int, { description: 'Cible (%).' }) target!: number;
  @Field(() => Int) essmsReaching!: number;
  @Field(() => Float, { description: 'Part des ESSMS mesurés atteignant la cible (0–1).' }) share!: number;
}

@ObjectType()
export class UsageTargetMonth {
  @Field() month!: string;
  @Field(() => Int) essmsMeasured!: number;
  @Field(() => [UsageTargetShare]) indicators!: UsageTargetShare[];
}

@ObjectType({ description: "Atteinte des cibles d'usage, par mois (agrégat des mesures mensuelles)." })
export class UsageTargetsPanel {
  @Field() available!: boolean;
  @Field({ description: 'Message à afficher (« Aucune mesure… ») quand rien n’est disponible.' }) message!: string;
  @Field(() => [UsageTargetMonth]) months!: UsageTargetMonth[];
}

@ObjectType({ description: 'Un projet à risque : la projection du suivi (cibles d’usage) ne les atteint pas à la fin attendue.' })
export class AtRiskProject {
  @Field(() => ID) id!: string;
  @Field(() => Candidature) candidature!: CandidatureRow;
  @Field() reference!: string;
  @Field() title!: string;
  @Field({ description: 'Région pivot du dossier (code INSEE ; NA : sans région pivot).' }) regionCode!: string;
  @Field() regionName!: string;
  @Field(() => [String], { description: 'FINESS juridiques des organismes gestionnaires (noms : `candidature.organismes`).' }) organismes!: string[];
  @Field(() => [String], {
    description:
      'Raisons, en français, de la projection du suivi (`projectTargets`, les mêmes que `followUp.projection.reasons`) : par ESSMS, la cible manquée, son taux et le taux projeté à la fin attendue ; ou « aucune mesure d’usage transmise » quand la première mesure est due. Les jalons en retard ne sont pas inclus.',
  })
  reasons!: string[];
  @Field({ description: 'Les raisons, jointes en une phrase.' }) reason!: string;
}

@ObjectType()
export class ProjectsAtRiskPanel {
  @Field() available!: boolean;
  @Field() message!: string;
  @Field(() => Int, { description: 'Projets à risque (France entière, filtres appliqués) ; par région : `DashboardArea.projectsAtRisk`.' }) count!: number;
  @Field({ description: 'Définition appliquée (celle du suivi des projets).' }) definition!: string;
  @Field(() => [AtRiskProject], { description: 'Les projets à risque, par région puis référence (500 au plus ; le compte est complet).' }) items!: AtRiskProject[];
}

@ObjectType()
export class ProgrammeEnvelope {
  @Field(() => Int) amount!: number;
  @Field(() => Int) startYear!: number;
  @Field(() => Int) endYear!: number;
  @Field() source!: string;
  @Field() quote!: string;
  @Field() note!: string;
}

@ObjectType({ description: 'Tableau de bord national (CNSA).' })
export class NationalDashboard {
  @Field(() => GraphQLDateTimeISO) generatedAt!: Date;
  @Field(() => ProgrammeEnvelope) envelope!: ProgrammeEnvelope;
  @Field(() => DashboardArea) france!: DashboardArea;
  @Field(() => [DashboardArea], { description: 'Les 18 régions (et NA si des dossiers n’ont pas de région pivot).' }) regions!: DashboardArea[];
  @Field(() => [FieldBreakdown]) byField!: FieldBreakdown[];
  @Field(() => [TypeBreakdown]) byProjectType!: TypeBreakdown[];
  @Field(() => [SolutionBreakdown]) byDuiSolution!: SolutionBreakdown[];
  @Field(() => [MonthPoint]) monthly!: MonthPoint[];
  @Field(() => UsageTargetsPanel) usageTargets!: UsageTargetsPanel;
  @Field(() => ProjectsAtRiskPanel) projectsAtRisk!: ProjectsAtRiskPanel;
  @Field(() => [Int], { description: 'Années de campagne présentes (pour le filtre).' }) campaignYears!: number[];
  @Field(() => [String], { description: 'Fenêtres présentes (pour le filtre).' }) windowCodes!: string[];
  @Field(() => [String], { description: 'Remarques sur la fraîcheur ou la complétude des chiffres.' }) notes!: string[];
}

@ObjectType()
export class DashboardFile {
  @Field(() => ID) id!: string;
  @Field(() => Candidature) candidature!: CandidatureRow;
  @Field() reference!: string;
  @Field() title!: string;
  @Field(() => CandidatureStateEnum) state!: CandidatureStateEnum;
  @Field() stateLabel!: string;
  @Field() regionCode!: string;
  @Field() regionName!: string;
  @Field(() => String, { nullable: true }) windowCode!: string | null;
  @Field(() => Int) campaignYear!: number;
  @Field(() => GraphQLDateTimeISO, { nullable: true }) submittedAt!: Date | null;
  @Field() projectType!: string;
  @Field(() => String, { nullable: true }) duiSolutionId!: string | null;
  @Field(() => DuiSolution, { nullable: true }) duiSolution!: DuiSolution | null;
  @Field(() => Int) essmsCount!: number;
  @Field(() => Int) amountRequested!: number;
  @Field() granted!: boolean;
}

@ObjectType()
export class DashboardFilesPage {
  @Field(() => Int) total!: number;
  @Field(() => [DashboardFile]) items!: DashboardFile[];
}
