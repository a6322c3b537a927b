import { parseQueryLog, readStatements } from './dashboard-sql';

describe('dashboard SQL floor: statements read back from a TypeORM query log', () => {
  it('keeps multi-line statements with their JSON parameters, strips colours, skips pino lines and writes', () => {
    const log = [
      '{"level":30,"msg":"request"}',
      '\u001b[4mquery:\u001b[24m WITH g AS (',
      '  SELECT 1) SELECT count(*) FROM g WHERE x = $1 -- PARAMETERS: ["a",[1,2]]',
      'query: INSERT INTO national_essms_field (finess) VALUES ($1) -- PARAMETERS: ["140000001"]',
      'query: SELECT DISTINCT year FROM campaign ORDER BY year',
      '{"level":30,"msg":"done"}',
    ].join('\n');
    const all = parseQueryLog(log);
    expect(all).toEqual([
      { sql: 'WITH g AS (\n  SELECT 1) SELECT count(*) FROM g WHERE x = $1', params: ['a', [1, 2]] },
      { sql: 'INSERT INTO national_essms_field (finess) VALUES ($1)', params: ['140000001'] },
      { sql: 'SELECT DISTINCT year FROM campaign ORDER BY year', params: [] },
    ]);
    expect(readStatements(all).map((s) => s.sql.slice(0, 6))).toEqual(['WITH g', 'SELECT']);
  });
});
