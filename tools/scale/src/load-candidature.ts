/* Bulk load of the planned files into the candidature subgraph's own tables (its migrations already ran). */
import { Client } from 'pg';
import { insertColumns } from './database';
import { measurementsOf, type ScalePlan } from './plan';
import { serialUuid } from './random';

/** A one-page placeholder: the generated conventions are not documents anybody reads. */
const PDF = `\\x${Buffer.from('%PDF-1.4\n% convention générée par tools/scale (données fictives)\n%%EOF\n').toString('hex')}`;

export interface LoadCounts {
  campaigns: number;
  candidatures: number;
  members: number;
  events: number;
  conventions: number;
  payments: number;
  measurements: number;
}

export async function loadCandidatures(url: string, plan: ScalePlan, options: { seed: number; months: number; onProgress?: (line: string) => void }): Promise<LoadCounts> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const counts: LoadCounts = { campaigns: 0, candidatures: 0, members: 0, events: 0, conventions: 0, payments: 0, measurements: 0 };
  try {
    await client.query('BEGIN');
    const { campaigns, files } = plan;
    counts.campaigns = await insertColumns(
      client,
      'campaign',
      [{ name: 'id', type: 'text' }, { name: 'region_code', type: 'text' }, { name: 'year', type: 'int' }, { name: 'label', type: 'text' }, { name: 'calendar', type: 'jsonb' }],
      [campaigns.map((c) => c.id), campaigns.map((c) => c.regionCode), campaigns.map((c) => c.year), campaigns.map((c) => c.label), campaigns.map((c) => JSON.stringify(c.calendar))],
    );
    counts.candidatures = await insertColumns(
      client,
      'candidature',
      [
        { name: 'id', type: 'uuid' }, { name: 'reference', type: 'text' }, { name: 'campaign_id', type: 'text' }, { name: 'porteur_account_id', type: 'text' },
        { name: 'organismes', type: 'text[]' }, { name: 'title', type: 'text' }, { name: 'state', type: 'text' }, { name: 'desk', type: 'text' },
        { name: 'pivot_region', type: 'text' }, { name: 'track', type: 'text' }, { name: 'window_code', type: 'text' }, { name: 'submitted_at', type: 'timestamptz' },
        { name: 'amoa_requested', type: 'boolean' }, { name: 'version', type: 'int' }, { name: 'created_at', type: 'timestamptz' }, { name: 'updated_at', type: 'timestamptz' },
      ],
      [
        files.map((f) => f.id), files.map((f) => f.reference), files.map((f) => f.campaignId), files.map((f) => `scale-porteur-${f.organismes[0]}`),
        files.map((f) => `{${f.organismes.join(',')}}`), files.map((f) => f.title), files.map((f) => f.state), files.map(() => 'REGIONAL'),
        files.map((f) => f.regionCode), files.map(() => 'regional'), files.map((f) => f.windowCode), files.map((f) => f.submittedAt),
        files.map((f) => f.amoa), files.map((f) => f.version), files.map((f) => f.createdAt), files.map((f) => f.updatedAt),
      ],
    );
    const members = files.flatMap((f) => f.members.map((m) => ({ f, m })));
    counts.members = await insertColumns(
      client,
      'grappe_member',
      [
        { name: 'candidature_id', type: 'uuid' }, { name: 'finess', type: 'text' }, { name: 'rank', type: 'int' }, { name: 'situation', type: 'text' },
        { name: 'chosen_solution_id', type: 'text' }, { name: 'hardware_quote', type: 'int' }, { name: 'region_code', type: 'text' }, { name: 'finess_ej', type: 'text' },
      ],
      [
        members.map(({ f }) => f.id), members.map(({ m }) => m.finess), members.map(({ m }) => m.rank), members.map(({ m }) => m.situation),
        members.map(({ m }) => m.solutionId), members.map(({ m }) => m.hardwareQuote), members.map(({ m }) => m.regionCode), members.map(({ m }) => m.finessEj),
      ],
    );
    const events = files.flatMap((f) => f.events.map((e) => ({ f, e })));
    counts.events = await insertColumns(
      client,
      'candidature_event',
      [
        { name: 'candidature_id', type: 'uuid' }, { name: 'actor_id', type: 'text' }, { name: 'actor_role', type: 'text' }, { name: 'at', type: 'timestamptz' },
        { name: 'action', type: 'text' }, { name: 'from_state', type: 'text' }, { name: 'to_state', type: 'text' }, { name: 'details', type: 'jsonb' },
      ],
      [
        events.map(({ f }) => f.id), events.map(({ e, f }) => (e.role === 'PORTEUR' ? `scale-porteur-${f.organismes[0]}` : `scale-${e.role.toLowerCase()}-${f.regionCode}`)),
        events.map(({ e }) => e.role), events.map(({ e }) => e.at), events.map(({ e }) => e.action), events.map(({ e }) => e.from), events.map(({ e }) => e.to),
        events.map(() => JSON.stringify({ seed: 'tools/scale' })),
      ],
    );
    const conventions = files.filter((f) => f.convention);
    counts.conventions = await insertColumns(
      client,
      'convention',
      [
        { name: 'id', type: 'uuid' }, { name: 'candidature_id', type: 'uuid' }, { name: 'status', type: 'text' }, { name: 'total', type: 'int' }, { name: 'advance', type: 'int' },
        { name: 'balance', type: 'int' }, { name: 'duration_months', type: 'int' }, { name: 'project_start', type: 'date' }, { name: 'expected_end', type: 'date' },
        { name: 'pdf', type: 'bytea' }, { name: 'generated_by', type: 'text' }, { name: 'generated_at', type: 'timestamptz' }, { name: 'signed_on', type: 'date' },
        { name: 'signed_by', type: 'text' }, { name: 'signed_at', type: 'timestamptz' },
      ],
      [
        conventions.map((f) => f.convention!.id), conventions.map((f) => f.id), conventions.map(() => 'SIGNED'), conventions.map((f) => f.convention!.total),
        conventions.map((f) => f.convention!.advance), conventions.map((f) => f.convention!.balance), conventions.map((f) => f.convention!.durationMonths),
        conventions.map((f) => f.convention!.signedOn), conventions.map((f) => f.convention!.expectedEnd), conventions.map(() => PDF),
        conventions.map((f) => `scale-instructeur-${f.regionCode}`), conventions.map((f) => `${f.convention!.signedOn}T09:00:00Z`), conventions.map((f) => f.convention!.signedOn),
        conventions.map((f) => `scale-instructeur-${f.regionCode}`), conventions.map((f) => `${f.convention!.signedOn}T10:00:00Z`),
      ],
    );
    const payments = files.flatMap((f) => f.payments.map((p) => ({ f, p })));
    counts.payments = await insertColumns(
      client,
      'payment',
      [
        { name: 'id', type: 'uuid' }, { name: 'candidature_id', type: 'uuid' }, { name: 'kind', type: 'text' }, { name: 'amount', type: 'int' }, { name: 'status', type: 'text' },
        { name: 'due_on', type: 'date' }, { name: 'created_by', type: 'text' }, { name: 'paid_on', type: 'date' }, { name: 'reference', type: 'text' },
        { name: 'paid_by', type: 'text' }, { name: 'paid_at', type: 'timestamptz' },
      ],
      [
        payments.map(({ p }) => p.id), payments.map(({ f }) => f.id), payments.map(({ p }) => p.kind), payments.map(({ p }) => p.amount), payments.map(({ p }) => p.status),
        payments.map(({ p }) => p.dueOn), payments.map(({ f }) => `scale-instructeur-${f.regionCode}`), payments.map(({ p }) => p.paidOn), payments.map(({ p }) => p.reference),
        payments.map(({ p, f }) => (p.paidOn ? `scale-instructeur-${f.regionCode}` : null)), payments.map(({ p }) => (p.paidOn ? `${p.paidOn}T11:00:00Z` : null)),
      ],
    );

    // Measurements: generated and inserted batch by batch (never a million objects in memory).
    const columns = [
      { name: 'id', type: 'uuid' }, { name: 'candidature_id', type: 'uuid' }, { name: 'finess', type: 'text' }, { name: 'month', type: 'text' },
      { name: 'period_from', type: 'date' }, { name: 'period_to', type: 'date' }, { name: 'persons_accompanied', type: 'int' }, { name: 'mssante_messages_sent', type: 'int' },
      { name: 'dmp_fed', type: 'int' }, { name: 'active_dossiers', type: 'int' }, { name: 'active_dossiers_with_pp', type: 'int' }, { name: 'active_dossiers_with_agenda', type: 'int' },
      { name: 'e_prescriptions_imported', type: 'int' }, { name: 'e_parcours_exchanges', type: 'int' }, { name: 'source', type: 'text' }, { name: 'recorded_by', type: 'text' },
      { name: 'recorded_by_role', type: 'text' }, { name: 'recorded_at', type: 'timestamptz' },
    ];
    let buffer: unknown[][] = columns.map(() => []);
    const flush = async () => {
      if (!buffer[0].length) return;
      counts.measurements += await insertColumns(client, 'usage_measurement', columns, buffer, 50_000);
      buffer = columns.map(() => []);
      options.onProgress?.(`${counts.measurements} mesures`);
    };
    for (const f of files) {
      if (!f.firstMonth) continue;
      for (const m of f.members) {
        for (const v of measurementsOf(options.seed, f.id, m.finess, f.firstMonth, options.months)) {
          const row = [
            serialUuid(0x5e570000, counts.measurements + buffer[0].length + 1), f.id, m.finess, v.month, v.periodFrom, v.periodTo, v.persons, v.mssante,
            v.dmp, v.active, v.withPp, v.withAgenda, v.ePrescriptions, v.eParcours, 'API', 'tools/scale', 'API_CLIENT', `${v.periodTo}T22:00:00Z`,
          ];
          row.forEach((value, i) => buffer[i].push(value));
        }
      }
      if (buffer[0].length >= 50_000) await flush();
    }
    await flush();
    await client.query('COMMIT');
    await client.query('ANALYZE');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
