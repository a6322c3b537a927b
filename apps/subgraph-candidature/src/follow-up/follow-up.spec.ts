import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parisDate, usageRates, type UsageMeasurement } from '@esms/domain';
import { CLAIMS_HEADER, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { addMonths } from '../convention/convention.service';
import { definition, entities, httpRoutes, internalRoutes, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { addMonthsToMonth, currentParisMonth } from '../measurements/months';
import { measurementScope } from './access';
import { milestones } from './milestones';
import { projectTargets } from './targets';

jest.setTimeout(60_000);

const EJ = finess('14', 720001);
const OTHER_EJ = finess('14', 720002);
const instructeur28 = testClaims.instructeur('28', 'instr-28');
const instructeur93 = testClaims.instructeur('93', 'instr-93');
const porteur = testClaims.porteur([EJ], 'porteur-suivi');
const otherPorteur = testClaims.porteur([OTHER_EJ], 'porteur-autre');
const editor = (...ids: string[]): Claims => ({ sub: 'client-editeur', role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes: ids.map((id) => measurementScope(id)) });

const M = (i: number) => finess('14', 730000 + i);
const RECORD = `mutation ($id: ID!, $month: String!, $items: [EssmsUsageCountsInput!]!) { recordMeasurements(candidatureId: $id, month: $month, items: $items) { month periodFrom periodTo periodMonths created corrected unchanged } }`;
const FOLLOW = `
  fragment F on FollowUp {
    signedOn expectedEnd firstMonth openMonths targetsReached alerts
    milestones { code status plannedOn doneOn daysLate }
    essms { finess targetsReached missingIndicators measurements { month periodMonths counts { personsAccompanied activeDossiers } rates { indicator rate target reached trend } history { before { activeDossiers } after { activeDossiers } changedBy changedByRole source } } }
    missingTargets { finess indicator rate target projectedRate atRisk }
    projection { atRisk method reasons }
    expenseStatement { id fileName certifiedBy hardwareExpense downloadUrl }
    balance { missingConditions canRequest conventionBalance hardwareGranted hardwareProven hardwarePayable balanceAmount }
  }`;
const READ = `query ($id: ID!) { candidature(id: $id) { id state version payments { id kind amount status dueOn paidOn reference } history { action fromState toState } followUp { ...F } } } ${FOLLOW}`;
const READ_API = `query ($id: ID!) { candidatureFollowUp(candidatureId: $id) { essms { finess measurements { month rates { indicator rate } } } } }`;

const GOOD: Omit<UsageMeasurement, never> = {
  personsAccompanied: 100,
  activeDossiers: 95,
  activeDossiersWithProjetPersonnalise: 90,
  activeDossiersWithAgendaEvent: 88,
  mssanteMessagesSent: 150,
  dmpFed: 72,
};

describe('follow-up after selection: measurements, targets, payments, balance', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const countRows = async () => Number((await db.dataSource.query(`SELECT count(*)::int AS n FROM usage_measurement`))[0].n);
  const signedMonth = addMonthsToMonth(currentParisMonth(), -5);
  const months = [2, 3, 4].map((k) => addMonthsToMonth(signedMonth, k)); // M-3 (first, 3 months), M-2, M-1

  /** A file of EJ with 3 ESSMS (one with hardware), convention generated and signed through the API, moved 5 months back. */
  async function conventionedFile(owner = EJ, memberOffset = 0): Promise<string> {
    const id = randomUUID();
    await db.dataSource.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, window_code, submitted_at, version, created_at, updated_at)
       VALUES ($1, $2, 'normandie-2024', 'p', $3::text[], 'Projet suivi', 'RETAINED', 'REGIONAL', '28', 'regional', 'W1', now(), 1, now(), now())`,
      [id, `NOR-2024-S${id.slice(0, 4)}`, [owner]],
    );
    for (const [i, hardware] of [12_345, null, null].entries()) {
      await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, situation, region_code, finess_ej, hardware_quote) VALUES ($1, $2, 'ACQUISITION', '28', $3, $4)`, [
        id,
        M(memberOffset + i),
        owner,
        hardware,
      ]);
    }
    expect((await q(`mutation ($id: ID!) { generateConvention(candidatureId: $id) { id } }`, { id }, instructeur28)).errors).toBeUndefined();
    expect((await q(`mutation ($id: ID!, $on: String!) { signConvention(candidatureId: $id, signedOn: $on) { id } }`, { id, on: parisDate(new Date()) }, instructeur28)).errors).toBeUndefined();
    const signedOn = `${signedMonth}-10`;
    await db.dataSource.query(`UPDATE convention SET signed_on = $2, project_start = $2, expected_end = $3, generated_at = $4 WHERE candidature_id = $1`, [id, signedOn, addMonths(signedOn, 18), new Date(`${signedOn}T08:00:00Z`)]);
    await db.dataSource.query(`UPDATE payment SET due_on = $2 WHERE candidature_id = $1`, [id, signedOn]);
    return id;
  }

  async function read(id: string, claims: Claims = porteur) {
    const res = await q<{ candidature: any }>(READ, { id }, claims);
    expect(res.errors).toBeUndefined();
    return res.data!.candidature;
  }

  async function toDeployment(id: string) {
    const file = await read(id, instructeur28);
    const advance = file.payments.find((p: any) => p.kind === 'ADVANCE');
    const paid = await q(`mutation ($p: ID!, $on: String!, $ref: String!) { recordPayment(paymentId: $p, paidOn: $on, reference: $ref) { state version } }`, { p: advance.id, on: `${signedMonth}-28`, ref: 'AV-2026-001' }, instructeur28);
    expect(paid.errors).toBeUndefined();
    expect((paid.data as any).recordPayment.state).toBe('ADVANCE_PAID');
    const started = await q(`mutation ($id: ID!, $v: Int!) { startDeployment(candidatureId: $id, expectedVersion: $v) { state version } }`, { id, v: (paid.data as any).recordPayment.version }, porteur);
    expect(started.errors).toBeUndefined();
    return (started.data as any).startDeployment.version as number;
  }

  async function upload(path: string, body: Buffer | string, claims: Claims, headers: Record<string, string> = {}) {
    const res = await fetch(`${subgraph.url.replace(/\/graphql$/, '')}${path}`, {
      method: 'POST',
      headers: { [CLAIMS_HEADER]: await signClaims(claims), ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    db = await openTestDatabase({ name: 'candidature_follow_up', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, ...({ httpRoutes, internalRoutes } as Record<string, unknown>) });
  }, 60_000);

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('rates come from the domain (003 §5 formulas), table-tested; MSSanté may exceed 100 %', () => {
    const table: [UsageMeasurement, Record<string, number | null>, boolean][] = [
      // MSSanté = messages / persons × 100; DMP = fed / persons; active = active / persons; PP and agenda over active dossiers.
      [{ personsAccompanied: 100, mssanteMessagesSent: 70, dmpFed: 70, activeDossiers: 90, activeDossiersWithProjetPersonnalise: 81, activeDossiersWithAgendaEvent: 81 }, { MSSANTE: 70, DMP: 70, ACTIVE_DOSSIERS: 90, PROJET_PERSONNALISE: 90, AGENDA: 90 }, true],
      [{ personsAccompanied: 40, mssanteMessagesSent: 120, dmpFed: 10, activeDossiers: 20, activeDossiersWithProjetPersonnalise: 5, activeDossiersWithAgendaEvent: 20 }, { MSSANTE: 300, DMP: 25, ACTIVE_DOSSIERS: 50, PROJET_PERSONNALISE: 25, AGENDA: 100 }, false],
      [{ personsAccompanied: 0, mssanteMessagesSent: 0, dmpFed: 0, activeDossiers: 0, activeDossiersWithProjetPersonnalise: 0, activeDossiersWithAgendaEvent: 0 }, { MSSANTE: null, DMP: null, ACTIVE_DOSSIERS: null, PROJET_PERSONNALISE: null, AGENDA: null }, false],
    ];
    for (const [counts, expected, all] of table) {
      const targets = projectTargets({
        members: ['X'],
        measurements: [{ id: 'm', candidatureId: 'c', finess: 'X', month: '2026-03', periodFrom: '2026-01-01', periodTo: '2026-03-31', counts: { ...counts, ePrescriptionsImported: null, eParcoursExchanges: null }, version: 1, source: 'API', recordedBy: 'x', recordedByRole: 'API_CLIENT', recordedAt: new Date() }],
        history: [],
        firstMonth: '2026-01',
        expectedEnd: '2027-07-10',
        currentMonth: '2026-04',
      });
      const rates = Object.fromEntries(targets.essms[0].latest!.rates.map((r) => [r.indicator, r.rate]));
      expect(rates).toEqual(expected);
      expect(rates).toEqual(Object.fromEntries(usageRates(counts).indicators.map((i) => [i.id, i.rate])));
      expect(targets.targetsReached).toBe(all);
    }
  });

  it('milestones slip into alerts with Paris dates; projection flags a flat trend below target', () => {
    const list = milestones({ signedOn: '2026-01-10', expectedEnd: '2027-07-10', firstMonth: '2026-01', advancePaidOn: null, deploymentStartedOn: null, firstMeasurementOn: null, targetsReachedOn: null, balanceRequestedOn: null, balancePaidOn: null }, '2026-03-01');
    expect(list.find((m) => m.code === 'ADVANCE')).toMatchObject({ status: 'LATE', plannedOn: '2026-02-10', daysLate: 19 });
    expect(list.find((m) => m.code === 'DEPLOYMENT_START')).toMatchObject({ status: 'UPCOMING', plannedOn: '2026-03-10' });
    const rows = ['2026-03', '2026-04', '2026-05'].map((month, i) => ({
      id: month, candidatureId: 'c', finess: 'X', month, periodFrom: '', periodTo: '', version: 1, source: 'API', recordedBy: 'x', recordedByRole: 'API_CLIENT', recordedAt: new Date(),
      counts: { ...GOOD, dmpFed: 50 + i, ePrescriptionsImported: null, eParcoursExchanges: null },
    }));
    const flat = projectTargets({ members: ['X'], measurements: rows, history: [], firstMonth: '2026-01', expectedEnd: '2026-08-10', currentMonth: '2026-06' });
    expect(flat.missingTargets).toEqual([{ finess: 'X', indicator: 'DMP', label: expect.any(String), rate: 52, target: 70, projectedRate: 55, atRisk: true }]);
    const steep = projectTargets({ members: ['X'], measurements: rows.map((r, i) => ({ ...r, counts: { ...r.counts, dmpFed: 40 + 10 * i } })), history: [], firstMonth: '2026-01', expectedEnd: '2026-08-10', currentMonth: '2026-06' });
    expect(steep.missingTargets[0]).toMatchObject({ rate: 60, projectedRate: 90, atRisk: false });
  });

  it('refusals say why and store nothing; a correction keeps the previous values in history', async () => {
    const id = await conventionedFile();
    const item = (i: number, extra: Partial<UsageMeasurement> = {}) => ({ finess: M(i), ...GOOD, ...extra });
    // Not yet in deployment (advance not paid): the domain does not open the measurements.
    expect((await q(RECORD, { id, month: months[0], items: [item(0)] }, porteur)).errors?.[0].extensions?.code).toBe('CONFLICT');
    await toDeployment(id);
    const refused: [string, Record<string, unknown>, RegExp][] = [
      ['negative', { month: months[0], items: [item(0, { dmpFed: -1 })] }, /entier positif/],
      ['numerator above denominator', { month: months[0], items: [item(0, { activeDossiers: 120 })] }, /ne peut pas dépasser/],
      ['PP above active dossiers', { month: months[0], items: [item(0), item(1, { activeDossiersWithProjetPersonnalise: 99 })] }, /ne peut pas dépasser/],
      ['future month', { month: addMonthsToMonth(currentParisMonth(), 1), items: [item(0)] }, /dans le futur/],
      ['before the convention', { month: addMonthsToMonth(signedMonth, -1), items: [item(0)] }, /précède la convention/],
      ['inside the first 3-month period', { month: addMonthsToMonth(signedMonth, 1), items: [item(0)] }, /trois premiers mois/],
      ['not in the grappe', { month: months[0], items: [item(0), { ...item(0), finess: finess('14', 799999) }] }, /ne fait pas partie de la grappe/],
      ['twice the same ESSMS', { month: months[0], items: [item(0), item(0)] }, /deux fois/],
    ];
    for (const [name, vars, message] of refused) {
      const res = await q(RECORD, { id, ...vars }, porteur);
      expect([name, res.errors?.[0].extensions?.code]).toEqual([name, 'BAD_USER_INPUT']);
      expect(res.errors?.[0].message).toMatch(message);
      expect(await countRows()).toBe(0);
    }
    // MSSanté above 100 % is a valid measurement, shown as is.
    const ok = await q(RECORD, { id, month: months[0], items: [item(0, { mssanteMessagesSent: 250 }), item(1), item(2)] }, porteur);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ recordMeasurements: { month: months[0], periodFrom: `${signedMonth}-01`, periodTo: expect.stringMatching(new RegExp(`^${months[0]}-`)), periodMonths: 3, created: 3, corrected: 0, unchanged: 0 } });
    const corrected = await q(RECORD, { id, month: months[0], items: [item(0, { mssanteMessagesSent: 250, activeDossiers: 91 }), item(1)] }, porteur);
    expect((corrected.data as any).recordMeasurements).toMatchObject({ created: 0, corrected: 1, unchanged: 1 });
    const file = await read(id);
    const first = file.followUp.essms.find((e: any) => e.finess === M(0)).measurements[0];
    expect(first.rates.find((r: any) => r.indicator === 'MSSANTE').rate).toBe(250);
    expect(first.history).toEqual([
      { before: null, after: { activeDossiers: 95 }, changedBy: 'porteur-suivi', changedByRole: 'PORTEUR', source: 'FORM' },
      { before: { activeDossiers: 95 }, after: { activeDossiers: 91 }, changedBy: 'porteur-suivi', changedByRole: 'PORTEUR', source: 'FORM' },
    ]);
    expect(file.history.filter((h: any) => h.action === 'record_measurements')).toHaveLength(2);
  });

  it('a token scoped to one project writes and reads it, and answers NOT_FOUND for another project as for a non-existent one', async () => {
    const a = await conventionedFile(EJ, 10);
    const b = await conventionedFile(OTHER_EJ, 20);
    await toDeployment(a);
    const token = editor(a);
    const mine = await q(RECORD, { id: a, month: months[0], items: [{ finess: M(10), ...GOOD }] }, token);
    expect(mine.errors).toBeUndefined();
    const read = await q<any>(READ_API, { id: a }, token);
    expect(read.data.candidatureFollowUp.essms[0].measurements[0].rates[0]).toEqual({ indicator: 'MSSANTE', rate: 150 });
    const before = await countRows();
    for (const target of [b, randomUUID()]) {
      const write = await q(RECORD, { id: target, month: months[0], items: [{ finess: M(20), ...GOOD }] }, token);
      expect(write.errors?.[0]).toMatchObject({ message: "Cette candidature n'existe pas ou vous n'y avez pas accès.", extensions: { code: 'NOT_FOUND' } });
      const other = await q(READ_API, { id: target }, token);
      expect(other.errors?.[0]).toMatchObject({ message: "Cette candidature n'existe pas ou vous n'y avez pas accès.", extensions: { code: 'NOT_FOUND' } });
    }
    expect(await countRows()).toBe(before);
    // A token cannot read the candidature itself, nor other files; a porteur never sees another's file.
    expect((await q<any>(`query ($id: ID!) { candidature(id: $id) { id } }`, { id: a }, token)).data?.candidature ?? null).toBeNull();
    expect((await q(READ, { id: a }, otherPorteur)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await q(READ, { id: a }, instructeur93)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // The annuaire asks before issuing an editor token: the porteur of a selected file or the pivot ARS.
    const grant = internalRoutes['follow-up/editor-token-grant'];
    const ctx = { db: db.dataSource } as any;
    expect(await grant({ claims: porteur, candidatureId: a }, ctx)).toMatchObject({ allowed: true });
    expect(await grant({ claims: instructeur28, candidatureId: a }, ctx)).toMatchObject({ allowed: true });
    expect(await grant({ claims: otherPorteur, candidatureId: a }, ctx)).toMatchObject({ allowed: false });
    expect(await grant({ claims: instructeur93, candidatureId: a }, ctx)).toMatchObject({ allowed: false });
  });

  it('balance: conditions listed in French, expense statement, hardware capped, validation then payment → CLOSED', async () => {
    const id = await conventionedFile(EJ, 30);
    let version = await toDeployment(id);
    const REQUEST = `mutation ($id: ID!, $v: Int!) { requestBalance(candidatureId: $id, expectedVersion: $v) { state version } }`;
    const refused = await q(REQUEST, { id, v: version }, porteur);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const missing = (refused.errors?.[0].extensions as any).missingConditions as string[];
    expect(missing[0]).toMatch(/cibles d'usage ne sont pas atteintes/);
    expect(missing[1]).toMatch(/état récapitulatif des dépenses visé par le comptable public ou le commissaire aux comptes/);
    expect(missing[2]).toMatch(new RegExp(`ESSMS encore sous la cible : ${M(30)} \\(aucune mesure\\)`));

    // Three months, the last one reaching every target.
    for (const [k, month] of months.entries()) {
      const counts = k < 2 ? { ...GOOD, dmpFed: 60 } : GOOD;
      expect((await q(RECORD, { id, month, items: [0, 1, 2].map((i) => ({ finess: M(30 + i), ...counts })) }, porteur)).errors).toBeUndefined();
    }
    let file = await read(id);
    expect(file.followUp.targetsReached).toBe(true);
    expect(file.followUp.essms[0].measurements[2].rates.find((r: any) => r.indicator === 'DMP')).toMatchObject({ rate: 72, reached: true, trend: 'UP' });
    expect(file.followUp.balance.missingConditions).toEqual([expect.stringMatching(/état récapitulatif des dépenses/)]);

    const bad = await upload(`/files/candidatures/${id}/expense-statement?certifiedBy=PUBLIC_ACCOUNTANT`, 'pas un pdf', porteur);
    expect(bad).toMatchObject({ status: 400, body: { code: 'BAD_USER_INPUT' } });
    const byOther = await upload(`/files/candidatures/${id}/expense-statement?certifiedBy=PUBLIC_ACCOUNTANT`, '%PDF-1.4 x', otherPorteur);
    expect(byOther.status).toBe(404);
    const ok = await upload(`/files/candidatures/${id}/expense-statement?certifiedBy=STATUTORY_AUDITOR&hardwareExpense=10000`, '%PDF-1.4 état visé', porteur, { 'x-file-name': 'etat.pdf' });
    expect(ok.status).toBe(201);
    file = await read(id);
    const b = file.followUp.balance;
    expect(b).toMatchObject({ missingConditions: [], canRequest: true, hardwareGranted: 12_345, hardwareProven: 10_000, hardwarePayable: 10_000 });
    expect(b.balanceAmount).toBe(b.conventionBalance - 2_345);

    version = file.version;
    const requested = await q(REQUEST, { id, v: version }, porteur);
    expect(requested.errors).toBeUndefined();
    expect((requested.data as any).requestBalance.state).toBe('BALANCE_REQUESTED');
    expect((await q(`mutation ($id: ID!) { validateBalance(candidatureId: $id) { state } }`, { id }, porteur)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const validated = await q(`mutation ($id: ID!) { validateBalance(candidatureId: $id) { state payments { id kind amount status } } }`, { id }, instructeur28);
    expect(validated.errors).toBeUndefined();
    const balance = (validated.data as any).validateBalance.payments.find((p: any) => p.kind === 'BALANCE');
    expect(balance).toMatchObject({ amount: b.balanceAmount, status: 'DUE' });
    const PAY = `mutation ($p: ID!, $on: String!, $ref: String!) { recordPayment(paymentId: $p, paidOn: $on, reference: $ref) { state payments { kind status paidOn reference } } }`;
    expect((await q(PAY, { p: balance.id, on: '2099-01-01', ref: 'S-1' }, instructeur28)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await q(PAY, { p: balance.id, on: parisDate(new Date()), ref: 'S-1' }, porteur)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const paid = await q(PAY, { p: balance.id, on: parisDate(new Date()), ref: 'SOLDE-2026-7' }, instructeur28);
    expect(paid.errors).toBeUndefined();
    expect((paid.data as any).recordPayment).toMatchObject({ state: 'CLOSED' });
    expect((paid.data as any).recordPayment.payments).toEqual(
      expect.arrayContaining([{ kind: 'BALANCE', status: 'PAID', paidOn: parisDate(new Date()), reference: 'SOLDE-2026-7' }]),
    );
    file = await read(id, instructeur28);
    expect(file.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(['pay_advance', 'start_deployment', 'upload_expense_statement', 'request_balance', 'validate_balance', 'pay_balance']));
    expect(file.followUp.milestones.find((m: any) => m.code === 'BALANCE_PAID')).toMatchObject({ status: 'DONE' });
    const portfolio = await q<any>(`{ followUpPortfolio { id state } }`, {}, instructeur28);
    expect(portfolio.data.followUpPortfolio.map((f: any) => f.id)).toContain(id);
    expect((await q<any>(`{ followUpPortfolio { id } }`, {}, instructeur93)).data.followUpPortfolio).toEqual([]);
  });
});
