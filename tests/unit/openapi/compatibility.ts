// A structural check that a client written against the official RealWorld OpenAPI document works against ours:
// every official path, method, response status, parameter and request body is in ours, and every official schema's
// required properties and types are in ours. Refinements (lengths, patterns, extra optional fields) are ours to add.

type Json = Record<string, unknown>;
export interface OpenApi extends Json {
  paths: Record<string, Record<string, Json>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const operationsOf = (item: Record<string, Json>) => Object.entries(item).filter(([key]) => METHODS.includes(key));

/** Follows local `$ref`s (`#/components/...`) until a value that is not one. */
function resolve(root: Json, value: unknown): Json {
  let current = value as Json;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    current = (current.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], root) as Json;
  }
  return current ?? {};
}

/** The JSON types a schema allows: `type` as one or a list, or the types of its `anyOf`/`oneOf` branches. */
function typesOf(root: Json, schema: Json): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (!branches) return undefined;
  const types = new Set<string>();
  for (const branch of branches) for (const type of typesOf(root, resolve(root, branch)) ?? []) types.add(type);
  return types;
}

/**
 * Problems of `ours` against `theirs` at `where`. `direction` says who produces the value: for a response we do, so
 * each of our types must be one theirs allows and every property they require we must require; for a request the
 * client does, so each of their types must be one we accept, and we may require only what they define.
 */
export function schemaProblems(official: Json, mine: Json, theirs: Json, ours: Json, where: string, direction: 'response' | 'request'): string[] {
  const their = resolve(official, theirs);
  const our = resolve(mine, ours);
  const problems: string[] = [];
  const theirTypes = typesOf(official, their);
  const ourTypes = typesOf(mine, our);
  if (theirTypes) {
    if (!ourTypes) problems.push(`${where}: no type; official ${[...theirTypes].join('|')}`);
    else {
      const [produced, accepted] = direction === 'response' ? [ourTypes, theirTypes] : [theirTypes, ourTypes];
      const fits = (type: string) => accepted.has(type) || (type === 'integer' && accepted.has('number'));
      const misfits = [...produced].filter((type) => !fits(type));
      if (misfits.length) problems.push(`${where}: type ${[...ourTypes].join('|')}, official ${[...theirTypes].join('|')}`);
    }
  }
  const theirProperties = (their.properties ?? {}) as Record<string, Json>;
  const ourProperties = (our.properties ?? {}) as Record<string, Json>;
  const theirRequired = (their.required ?? []) as string[];
  const ourRequired = (our.required ?? []) as string[];
  for (const name of theirRequired) {
    if (!(name in ourProperties)) problems.push(`${where}.${name}: required by the official schema, missing`);
    else if (direction === 'response' && !ourRequired.includes(name)) problems.push(`${where}.${name}: required by the official schema, optional in ours`);
  }
  if (direction === 'request') {
    for (const name of ourRequired)
      if (!(name in theirProperties)) problems.push(`${where}.${name}: we require a property the official schema does not define`);
  }
  for (const [name, property] of Object.entries(theirProperties)) {
    if (name in ourProperties) problems.push(...schemaProblems(official, mine, property, ourProperties[name] ?? {}, `${where}.${name}`, direction));
  }
  if (their.items) {
    if (!our.items) problems.push(`${where}: official items, ours none`);
    else problems.push(...schemaProblems(official, mine, their.items as Json, our.items as Json, `${where}[]`, direction));
  }
  return problems;
}

const jsonSchemaOf = (root: Json, holder: unknown) =>
  (resolve(root, holder).content as Record<string, Json> | undefined)?.['application/json']?.schema as Json | undefined;

const parametersOf = (root: Json, operation: Json) => ((operation.parameters ?? []) as Json[]).map((parameter) => resolve(root, parameter));

export function compatibilityProblems(official: OpenApi, ours: OpenApi): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries(official.paths)) {
    for (const [method, theirs] of operationsOf(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      const mine = ours.paths[path]?.[method];
      if (!mine) {
        problems.push(`${where}: missing`);
        continue;
      }
      for (const [status, response] of Object.entries(theirs.responses as Json)) {
        const ourResponse = (mine.responses as Json)[status];
        if (!ourResponse) {
          problems.push(`${where} ${status}: missing`);
          continue;
        }
        const theirSchema = jsonSchemaOf(official, response);
        const ourSchema = jsonSchemaOf(ours, ourResponse);
        if (theirSchema && !ourSchema) problems.push(`${where} ${status}: no JSON schema`);
        if (theirSchema && ourSchema) problems.push(...schemaProblems(official, ours, theirSchema, ourSchema, `${where} ${status}`, 'response'));
      }
      const ourParameters = parametersOf(ours, mine);
      for (const parameter of parametersOf(official, theirs)) {
        const match = ourParameters.find((candidate) => candidate.name === parameter.name && candidate.in === parameter.in);
        if (!match) problems.push(`${where}: parameter ${parameter.in} ${parameter.name} missing`);
        else
          problems.push(
            ...schemaProblems(official, ours, parameter.schema as Json, match.schema as Json, `${where} ${parameter.in} ${parameter.name}`, 'request'),
          );
      }
      if (theirs.requestBody) {
        const theirSchema = jsonSchemaOf(official, theirs.requestBody);
        const ourSchema = mine.requestBody ? jsonSchemaOf(ours, mine.requestBody) : undefined;
        if (!ourSchema) problems.push(`${where}: request body missing`);
        else if (theirSchema) problems.push(...schemaProblems(official, ours, theirSchema, ourSchema, `${where} body`, 'request'));
      }
      const needsToken = ((theirs.security ?? []) as Json[]).some((requirement) => 'Token' in requirement);
      const takesToken = ((mine.security ?? []) as Json[]).some((requirement) => 'Token' in requirement);
      if (needsToken && !takesToken) problems.push(`${where}: takes no Token`);
    }
  }
  return problems;
}

/** Operations and parameters of ours that the official document does not have, and that are not marked `x-extension`. */
export function unmarkedExtensions(official: OpenApi, ours: OpenApi): string[] {
  const unmarked: string[] = [];
  for (const [path, item] of Object.entries(ours.paths)) {
    for (const [method, mine] of operationsOf(item)) {
      const theirs = official.paths[path]?.[method];
      if (!theirs) {
        if (mine['x-extension'] !== true) unmarked.push(`${method.toUpperCase()} ${path}`);
        continue;
      }
      const theirParameters = parametersOf(official, theirs);
      for (const parameter of parametersOf(ours, mine)) {
        const known = theirParameters.some((candidate) => candidate.name === parameter.name && candidate.in === parameter.in);
        if (!known && parameter['x-extension'] !== true) unmarked.push(`${method.toUpperCase()} ${path}: parameter ${parameter.in} ${parameter.name}`);
      }
    }
  }
  return unmarked;
}
