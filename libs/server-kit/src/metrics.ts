import { AdvancedConsoleLogger, type DataSource, type LoggerOptions, type QueryRunner } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements sent to the database (every statement, including
 * BEGIN/COMMIT), and otherwise logs like TypeORM's usual console logger. The benchmark reads the
 * count through the subgraph's `/internal/metrics` route to check "no N+1": statements per request
 * must not grow with the number of rows.
 */
export class CountingSqlLogger extends AdvancedConsoleLogger {
  statements = 0;

  constructor(options: LoggerOptions) {
    super(options);
  }

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner) {
    this.statements += 1;
    super.logQuery(query, parameters, queryRunner);
  }
}

/** SQL statements sent through this data source so far (null when it was not opened by `openDatabase`). */
export function sqlStatementCount(dataSource: DataSource): number | null {
  const logger = dataSource.logger;
  return logger instanceof CountingSqlLogger ? logger.statements : null;
}

/** What `/internal/metrics` answers: counters since the process started; callers take differences. */
export interface SubgraphMetrics {
  subgraph: string;
  /** GraphQL requests served on /graphql (with valid claims). */
  graphqlRequests: number;
  /** SQL statements sent to the subgraph's database. */
  sqlStatements: number | null;
}
