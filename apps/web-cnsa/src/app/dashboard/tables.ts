import type { AtRiskItem, DashboardArea, DashboardFileItem, NationalDashboardData } from './operations';
import type { TableData } from './table-data';

type Dashboard = NationalDashboardData['nationalDashboard'];

/** The table under the map (its text alternative): one row per region, then France. */
export function regionsTable(d: Dashboard): TableData {
  const row = (a: DashboardArea) => ({
    code: a.code,
    name: a.name,
    files: a.files,
    filesGranted: a.filesGranted,
    amountRequested: a.amountRequested,
    amountGranted: a.amountGranted,
    amountPaid: a.amountPaid,
    essmsCovered: a.essmsCovered,
    essmsOpen: a.essmsOpen,
    essmsNotCovered: a.essmsNotCovered,
    coverageRate: a.coverageRate,
    projectsAtRisk: a.projectsAtRisk,
  });
  return {
    title: 'Indicateurs par région',
    columns: [
      { key: 'name', label: 'Région', kind: 'text' },
      { key: 'code', label: 'Code', kind: 'text' },
      { key: 'files', label: 'Candidatures déposées', kind: 'count' },
      { key: 'filesGranted', label: 'Candidatures retenues', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés', kind: 'euros' },
      { key: 'amountGranted', label: 'Montants accordés', kind: 'euros' },
      { key: 'amountPaid', label: 'Montants versés', kind: 'euros' },
      { key: 'essmsCovered', label: 'ESSMS couverts', kind: 'count' },
      { key: 'essmsOpen', label: 'ESSMS ouverts (annuaire)', kind: 'count' },
      { key: 'essmsNotCovered', label: 'ESSMS pas encore couverts', kind: 'count' },
      { key: 'coverageRate', label: 'Part couverte', kind: 'percent' },
      { key: 'projectsAtRisk', label: 'Projets à risque', kind: 'count' },
    ],
    rows: [...[...d.regions].sort((a, b) => a.name.localeCompare(b.name, 'fr')).map(row), row(d.france)],
  };
}

export function statesTable(area: DashboardArea): TableData {
  return {
    title: `Candidatures par état — ${area.name}`,
    columns: [
      { key: 'label', label: 'État', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'amount', label: 'Montant demandé', kind: 'euros' },
    ],
    rows: area.byState.map((s) => ({ key: s.key, label: s.label, files: s.files, amount: s.amount })),
  };
}

export function windowsTable(area: DashboardArea): TableData {
  return {
    title: `Candidatures par fenêtre — ${area.name}`,
    columns: [
      { key: 'label', label: 'Fenêtre', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'amount', label: 'Montant demandé', kind: 'euros' },
    ],
    rows: area.byWindow.map((s) => ({ key: s.key, label: s.label, files: s.files, amount: s.amount })),
  };
}

export function fieldsTable(d: Dashboard): TableData {
  return {
    title: "Par champ d'activité",
    columns: [
      { key: 'label', label: 'Champ', kind: 'text' },
      { key: 'files', label: 'Candidatures (avec au moins un ESSMS du champ)', kind: 'count' },
      { key: 'essmsInFiles', label: 'ESSMS dans les dossiers', kind: 'count' },
      { key: 'essmsCovered', label: 'ESSMS couverts', kind: 'count' },
      { key: 'essmsOpen', label: 'ESSMS ouverts (annuaire)', kind: 'count' },
      { key: 'essmsNotCovered', label: 'ESSMS pas encore couverts', kind: 'count' },
    ],
    rows: d.byField.map((f) => ({ key: f.field, ...f })),
  };
}

export function projectTypesTable(d: Dashboard): TableData {
  return {
    title: 'Par type de projet',
    columns: [
      { key: 'label', label: 'Type de projet', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'filesGranted', label: 'Retenues', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés', kind: 'euros' },
      { key: 'amountGranted', label: 'Montants accordés', kind: 'euros' },
    ],
    rows: d.byProjectType.map((t) => ({ key: t.projectType, ...t })),
  };
}

export function solutionsTable(d: Dashboard): TableData {
  return {
    title: 'Par solution DUI',
    columns: [
      { key: 'label', label: 'Solution DUI', kind: 'text' },
      { key: 'files', label: 'Candidatures', kind: 'count' },
      { key: 'filesGranted', label: 'Retenues', kind: 'count' },
      { key: 'essms', label: 'ESSMS', kind: 'count' },
      { key: 'amountGranted', label: 'Montants accordés', kind: 'euros' },
    ],
    rows: d.byDuiSolution.map((s) => ({
      key: s.solutionId,
      label: s.solutionId === 'none' ? 'Aucune solution choisie' : s.solution?.product ? `${s.solution.product} (${s.solution.editor ?? '—'})` : s.solutionId,
      files: s.files,
      filesGranted: s.filesGranted,
      essms: s.essms,
      amountGranted: s.amountGranted,
    })),
  };
}

export function monthlyTable(d: Dashboard): TableData {
  return {
    title: 'Dépôts et montants par mois',
    columns: [
      { key: 'month', label: 'Mois', kind: 'text' },
      { key: 'submissions', label: 'Candidatures déposées', kind: 'count' },
      { key: 'amountRequested', label: 'Montants demandés', kind: 'euros' },
      { key: 'amountGranted', label: 'dont accordés', kind: 'euros' },
    ],
    rows: d.monthly.map((m) => ({ key: m.month, ...m })),
  };
}

const PROJECT_TYPE_SHORT: Record<string, string> = { ACQUISITION: 'Acquisition', UPGRADE: 'Mise à niveau', MIXED: 'Mixte', EMPTY: 'Grappe vide' };

export function filesTable(title: string, items: DashboardFileItem[]): TableData {
  return {
    title,
    columns: [
      { key: 'reference', label: 'Référence', kind: 'text' },
      { key: 'title', label: 'Intitulé', kind: 'text' },
      { key: 'regionName', label: 'Région pivot', kind: 'text' },
      { key: 'stateLabel', label: 'État', kind: 'text' },
      { key: 'campaignYear', label: 'Campagne', kind: 'text' },
      { key: 'windowCode', label: 'Fenêtre', kind: 'text' },
      { key: 'projectType', label: 'Type', kind: 'text' },
      { key: 'essmsCount', label: 'ESSMS', kind: 'count' },
      { key: 'amountRequested', label: 'Montant demandé', kind: 'euros' },
    ],
    rows: items.map((i) => ({
      id: i.id,
      reference: i.reference,
      title: i.title,
      regionName: i.regionName,
      stateLabel: i.stateLabel,
      campaignYear: String(i.campaignYear),
      windowCode: i.windowCode,
      projectType: PROJECT_TYPE_SHORT[i.projectType] ?? i.projectType,
      essmsCount: i.essmsCount,
      amountRequested: i.amountRequested,
    })),
  };
}

/** Projects at risk (the follow-up's projection): one row per file, its reasons joined one per line. */
export function atRiskTable(title: string, items: AtRiskItem[]): TableData {
  return {
    title,
    columns: [
      { key: 'reference', label: 'Référence', kind: 'text' },
      { key: 'regionName', label: 'Région pivot', kind: 'text' },
      { key: 'organismes', label: 'Organisme(s) gestionnaire(s)', kind: 'text' },
      { key: 'reasons', label: 'Raisons', kind: 'text' },
    ],
    rows: items.map((i) => ({
      id: i.id,
      reference: i.reference,
      regionName: i.regionName,
      organismes: i.candidature.organismes.length ? i.candidature.organismes.map((o) => `${o.name} (${o.finessEj})`).join(' ; ') : '—',
      reasons: i.reasons.join('\n'),
    })),
  };
}
