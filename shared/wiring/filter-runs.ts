import { DynamoDbFilterRunRepository } from '#adapters/dynamodb/filter-run-repository';
import { readFilterRun } from '#app/read-filter-run';
import { connectTable, type ServiceConfig, timeBudgetOf, withinDeadline } from './platform';

export interface FilterRunsUseCases {
  readonly readFilterRun: ReturnType<typeof readFilterRun>;
}

/** What the route is configured with: the table alone. It reads run reports and no key, so it is given none. */
export type FilterRunsConfig = Pick<
  ServiceConfig,
  'tableName' | 'dynamoDbEndpoint' | 'documentClient' | 'traceClient' | 'timeBudget'
>;

/** "Filtered contacts" of a run: only the run reports, no keys needed. */
export const wireFilterRuns = async (config: FilterRunsConfig): Promise<FilterRunsUseCases> => {
  const budget = timeBudgetOf(config, 'filterRuns');
  return withinDeadline(budget, {
    readFilterRun: readFilterRun({
      filterRuns: new DynamoDbFilterRunRepository(connectTable(config, budget), config.tableName),
    }),
  });
};
