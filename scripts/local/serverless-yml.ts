import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';
import { fromRepo } from './repo.ts';

const INTRINSICS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];

/** CloudFormation short tags (`!Ref X`, `!GetAtt [A, B]`) read as their long form, so parsing never fails on them. */
const cloudFormationTags: Tags = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => ({ [key]: value }) },
    { tag, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
    { tag, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
  ];
});

/**
 * serverless.yml as plain data; `${...}` variables are left as the strings they are. Anchors, aliases and
 * merge keys (`<<: *name`) are resolved as serverless's own parser (js-yaml) resolves them.
 */
export function parseServerlessYml(source: string): Record<string, unknown> {
  return parse(source, { customTags: cloudFormationTags, merge: true, maxAliasCount: -1 }) as Record<string, unknown>;
}

export const readServerlessYml = (path = fromRepo('serverless.yml')) => parseServerlessYml(readFileSync(path, 'utf8'));

/**
 * Resolves the `${self:...}` and `${sls:stage}` variables of a value the way serverless would for `stage`;
 * undefined when it depends on anything else (an env variable, an option), i.e. when it is not fixed by the file.
 */
export function resolveFixedValue(serverlessYml: Record<string, unknown>, value: unknown, stage: string, depth = 0): string | undefined {
  if (typeof value !== 'string' || depth > 10) return undefined;
  let fixed = true;
  const resolved = value.replace(/\$\{([^}]+)\}/g, (_, variable: string) => {
    if (variable === 'sls:stage') return stage;
    const selfPath = /^self:([\w.-]+)$/.exec(variable)?.[1];
    const target = selfPath?.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], serverlessYml);
    const inner = resolveFixedValue(serverlessYml, target, stage, depth + 1);
    if (inner === undefined) fixed = false;
    return inner ?? '';
  });
  return fixed ? resolved : undefined;
}
