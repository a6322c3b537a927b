/*
 * The SQL floor of the dashboard benchmark: the statements the candidature subgraph sent for one national
 * dashboard, read back from its log (ESMS_SQL_LOG=1: TypeORM prints `query: <sql> -- PARAMETERS: <json>`), then
 * replayed straight on PostgreSQL, with the same parallelism as the service (one pool, all reads at once).
 * Pure parsing here (unit-tested); the replay is in dashboard.ts.
 */

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

const QUERY = /^query: /;
const PARAMS = / -- PARAMETERS: (\[.*\])\s*$/s;

/**
 * Statements of a TypeORM query log: a statement starts with `query: ` and runs until the next line that starts
 * a statement or a JSON log line (pino). Parameters follow ` -- PARAMETERS: ` as JSON.
 */
export function parseQueryLog(text: string): LoggedStatement[] {
  const out: LoggedStatement[] = [];
  let current: string[] | null = null;
  const close = () => {
    if (!current) return;
    const whole = current.join('\n');
    const m = PARAMS.exec(whole);
    const sql = (m ? whole.slice(0, m.index) : whole).replace(QUERY, '').trim();
    let params: unknown[] = [];
    if (m) {
      try {
        params = JSON.parse(m[1]) as unknown[];
      } catch {
        params = [];
      }
    }
    out.push({ sql, params });
    current = null;
  };
  // eslint-disable-next-line no-control-regex
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    if (QUERY.test(line)) {
      close();
      current = [line];
    } else if (line.startsWith('{') || line.startsWith('query failed') || line.startsWith('error:')) {
      close();
    } else if (current) current.push(line);
  }
  close();
  return out;
}

/** The reads of a dashboard request (its aggregates), without transaction control and writes. */
export function readStatements(statements: readonly LoggedStatement[]): LoggedStatement[] {
  return statements.filter((s) => /^(SELECT|WITH)\b/i.test(s.sql) && !/\b(INSERT|UPDATE|DELETE)\b/i.test(s.sql));
}
