import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceNotFoundException,
  type TimeToLiveSpecification,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from './dynamodb.ts';
import { readServerlessYml } from './serverless-yml.ts';

export const TABLE_RESOURCE = 'ConduitTable';

export interface TableDefinition {
  createTable: CreateTableCommandInput;
  timeToLive?: TimeToLiveSpecification;
}

// CloudFormation properties that mean nothing to DynamoDB Local.
const IGNORED_LOCALLY = new Set([
  'PointInTimeRecoverySpecification',
  'SSESpecification',
  'Tags',
  'ContributorInsightsSpecification',
  'DeletionProtectionEnabled',
  'TableClass',
]);
const PASSED_THROUGH = [
  'AttributeDefinitions',
  'KeySchema',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
] as const;

/**
 * The CreateTable input for the table serverless.yml deploys, so the local table can never drift from the
 * deployed one. Fails on a property it does not know how to apply rather than silently creating another table.
 */
export function tableDefinitionFromServerlessYml(tableName: string, serverlessYml = readServerlessYml()): TableDefinition {
  const resources = (serverlessYml.resources as { Resources?: Record<string, { Properties?: Record<string, unknown> }> } | undefined)?.Resources;
  const properties = resources?.[TABLE_RESOURCE]?.Properties;
  if (!properties) throw new Error(`serverless.yml has no resources.Resources.${TABLE_RESOURCE}.Properties`);

  const createTable: Record<string, unknown> = { TableName: tableName };
  let timeToLive: TimeToLiveSpecification | undefined;
  for (const [name, value] of Object.entries(properties)) {
    if (name === 'TableName' || IGNORED_LOCALLY.has(name)) continue;
    if (name === 'TimeToLiveSpecification') timeToLive = value as TimeToLiveSpecification;
    else if (name === 'StreamSpecification') createTable.StreamSpecification = { StreamEnabled: true, ...(value as object) };
    else if ((PASSED_THROUGH as readonly string[]).includes(name)) createTable[name] = value;
    else throw new Error(`serverless.yml ${TABLE_RESOURCE}.Properties.${name}: scripts/local/table.ts does not know how to apply it locally`);
  }
  const unresolved = JSON.stringify(createTable).match(/\$\{[^}]*\}|"(Ref|Fn::\w+)"/);
  if (unresolved) throw new Error(`serverless.yml ${TABLE_RESOURCE}: ${unresolved[0]} cannot be resolved without deploying`);
  return { createTable: createTable as unknown as CreateTableCommandInput, timeToLive };
}

/** Creates the table (and its TTL) unless it exists: a persisted database keeps its table across runs. */
export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existed'> {
  const definition = tableDefinitionFromServerlessYml(tableName);
  const client = localDynamoDbClient(endpoint);
  try {
    let outcome: 'created' | 'existed' = 'existed';
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      await client.send(new CreateTableCommand(definition.createTable));
      outcome = 'created';
    }
    if (definition.timeToLive?.Enabled) {
      const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      if (TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
        await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: definition.timeToLive }));
      }
    }
    return outcome;
  } finally {
    client.destroy();
  }
}
