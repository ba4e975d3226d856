import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseServerlessYml, readServerlessYml, resolveFixedValue } from '../../../scripts/local/serverless-yml.ts';
import { tableDefinitionFromServerlessYml } from '../../../scripts/local/table.ts';

const withTableProperties = (properties: Record<string, unknown>) => ({ resources: { Resources: { ConduitTable: { Properties: properties } } } });

describe('the local table comes from serverless.yml', () => {
  it('keeps the deployed keys and indexes, names the table, and leaves TTL for UpdateTimeToLive', () => {
    const { createTable, timeToLive } = tableDefinitionFromServerlessYml('conduit-local');
    const deployed = (readServerlessYml() as { resources: { Resources: { ConduitTable: { Properties: Record<string, unknown> } } } }).resources.Resources
      .ConduitTable.Properties;

    expect(createTable.TableName).toBe('conduit-local');
    expect(createTable.KeySchema).toEqual(deployed.KeySchema);
    expect(createTable.AttributeDefinitions).toEqual(deployed.AttributeDefinitions);
    expect(createTable.GlobalSecondaryIndexes).toEqual(deployed.GlobalSecondaryIndexes);
    expect(createTable).not.toHaveProperty('PointInTimeRecoverySpecification');
    expect(createTable).not.toHaveProperty('TimeToLiveSpecification');
    expect(timeToLive).toEqual(deployed.TimeToLiveSpecification);
  });

  it('reads CloudFormation short tags as their long form', () => {
    const serverlessYml = parseServerlessYml(
      [
        'a: !Ref ConduitTable',
        'b: !GetAtt [ConduitTable, Arn]',
        "c: !Join ['/', [!GetAtt ConduitTable.Arn, index, '*']]",
        'd: !Sub arn:${AWS::Partition}:ssm',
        'e: !If [IsProd, !Ref A, { x: 1 }]',
      ].join('\n'),
    );
    expect(serverlessYml).toEqual({
      a: { Ref: 'ConduitTable' },
      b: { 'Fn::GetAtt': ['ConduitTable', 'Arn'] },
      c: { 'Fn::Join': ['/', [{ 'Fn::GetAtt': 'ConduitTable.Arn' }, 'index', '*']] },
      d: { 'Fn::Sub': 'arn:${AWS::Partition}:ssm' },
      e: { 'Fn::If': ['IsProd', { Ref: 'A' }, { x: 1 }] },
    });
  });

  it('turns a stream specification into what CreateTable expects', () => {
    const { createTable } = tableDefinitionFromServerlessYml('t', withTableProperties({ KeySchema: [], StreamSpecification: { StreamViewType: 'NEW_IMAGE' } }));
    expect(createTable.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
  });

  it('refuses a property it cannot apply locally rather than creating a different table', () => {
    expect(() => tableDefinitionFromServerlessYml('t', withTableProperties({ KinesisStreamSpecification: {} }))).toThrow(/KinesisStreamSpecification/);
  });

  it('refuses a value only a deployment could resolve', () => {
    expect(() => tableDefinitionFromServerlessYml('t', withTableProperties({ BillingMode: '${param:billing}' }))).toThrow(/param:billing/);
    expect(() => tableDefinitionFromServerlessYml('t', withTableProperties({ BillingMode: { Ref: 'Billing' } }))).toThrow(/Ref/);
  });

  it('fails clearly when the table resource is missing', () => {
    expect(() => tableDefinitionFromServerlessYml('t', parse('service: x'))).toThrow(/ConduitTable/);
  });
});

describe('the table name serverless.yml gives the handlers', () => {
  const serverlessYml = parseServerlessYml(
    [
      'service: conduit',
      'custom: { tableName: "${self:service}-${sls:stage}" }',
      'provider: { environment: { A: "${self:custom.tableName}", B: "${env:X}" } }',
    ].join('\n'),
  );

  it('is resolved for a stage when the file alone fixes it', () => {
    expect(resolveFixedValue(serverlessYml, '${self:custom.tableName}', 'local')).toBe('conduit-local');
  });

  it('is unknown when it depends on the environment', () => {
    expect(resolveFixedValue(serverlessYml, '${env:X}', 'local')).toBeUndefined();
  });

  it('matches the default local table name in the real serverless.yml', () => {
    const real = readServerlessYml() as { provider: { environment: Record<string, unknown> } };
    expect(resolveFixedValue(real, real.provider.environment.TABLE_NAME, 'local')).toBe('conduit-local');
  });
});
