import * as z from 'zod/mini';
import { type DeclaredSpec, routeContract } from '#lib/openapi/contract';
import { ErrorResponse } from '#lib/schemas/responses';

// The OpenAPI 3.1 document, made from what every route declares (lib/http/route.ts): its schemas, auth, success
// status and response, the errors it declares and those its middleware may throw (lib/openapi/contract.ts).
// Only the docs function and `npm run openapi` load this module: no other bundle carries the generator.

type Schema = z.core.$ZodType;
type JsonObject = Record<string, unknown>;

/** A route as the document lists it: where serverless.yml serves it, and its handler's declaration. */
export interface DocumentedRoute {
  operationId: string;
  /** The handler's folder under functions/: articles, users, ... */
  tag: string;
  method: string;
  /** As serverless.yml has it: `/api/articles/{slug}`. */
  path: string;
  spec: DeclaredSpec;
}

/** The API's base path: the document's server, which its paths are relative to (as in the RealWorld spec). */
export const BASE_PATH = '/api';

const ERROR_RESPONSES: Record<number, [name: string, description: string]> = {
  401: ['Unauthorized', 'No token, or one that is invalid or expired (`errors.token`); a login with wrong credentials (`errors.credentials`)'],
  403: ['Forbidden', 'The viewer may not change this resource; the error key names it (article, comment)'],
  404: ['NotFound', 'The resource does not exist; the error key names it (article, profile, comment)'],
  409: ['Conflict', 'A username or email that is already taken'],
  413: ['TooLarge', 'A request body over the size limit'],
  422: ['GenericError', 'Invalid input: messages by field'],
  429: ['TooManyRequests', 'Over a rate limit or locked out after failed logins; retry after `Retry-After` seconds'],
};

/** Query strings and path parameters are strings on the wire; one the schema reads as a number is documented as that number. */
function describeNumbersInStrings(context: { zodSchema: Schema; jsonSchema: JsonObject }) {
  const def = context.zodSchema._zod.def as { type: string; out?: Schema };
  if (def.type === 'pipe' && def.out?._zod.def.type === 'number') {
    const { $schema: _, ...number } = z.toJSONSchema(def.out) as JsonObject;
    for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
    Object.assign(context.jsonSchema, number);
  }
  // zod spells out the date-time format as a pattern too; the format says it.
  if (context.jsonSchema.format === 'date-time') delete context.jsonSchema.pattern;
}

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends (`input`) or receives (`output`). */
export function jsonSchemaOf(schema: Schema, io: 'input' | 'output'): JsonObject {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: describeNumbersInStrings }) as JsonObject;
  return json;
}

function parameters(schema: Schema | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, { description, 'x-extension': extension, ...property }]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(description !== undefined && { description }),
    ...(extension === true && { 'x-extension': true }),
    schema: property,
  }));
}

function operation(route: DocumentedRoute): JsonObject {
  const { spec } = route;
  const contract = routeContract(spec);
  const success: JsonObject =
    contract.status === 204
      ? { description: 'No content' }
      : contract.produces
        ? { description: 'OK', content: Object.fromEntries(contract.produces.map((type) => [type, { schema: { type: 'string' } }])) }
        : {
            description: contract.status === 201 ? 'Created' : 'OK',
            ...(contract.response && { content: { 'application/json': { schema: jsonSchemaOf(contract.response, 'output') } } }),
          };
  const errors = contract.errorStatuses.map((status) => [String(status), { $ref: `#/components/responses/${ERROR_RESPONSES[status]?.[0]}` }]);
  const parameterList = [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')];
  return {
    operationId: route.operationId,
    tags: [route.tag],
    ...(parameterList.length > 0 && { parameters: parameterList }),
    ...(spec.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body, 'input') } } } }),
    responses: { [String(contract.status)]: success, ...Object.fromEntries(errors) },
    ...(spec.auth === 'required' && { security: [{ Token: [] }] }),
    // An empty requirement makes the token optional.
    ...(spec.auth === 'optional' && { security: [{}, { Token: [] }] }),
    ...(spec.extension && { 'x-extension': true }),
  };
}

export function openApiDocument(routes: DocumentedRoute[]): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    if (!route.path.startsWith(`${BASE_PATH}/`)) throw new Error(`${route.operationId}: ${route.path} is not under ${BASE_PATH}`);
    const path = route.path.slice(BASE_PATH.length);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  const errorModel = { $ref: '#/components/schemas/GenericErrorModel' };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Conduit API',
      version: '1.0.0',
      description:
        'The RealWorld "Conduit" API, serverless. Operations and parameters marked `x-extension` go beyond the RealWorld spec. ' +
        'Sign in (POST /users/login) or register (POST /users), then "Authorize" with the token the answer carries.',
    },
    servers: [{ url: BASE_PATH }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { GenericErrorModel: jsonSchemaOf(ErrorResponse, 'output') },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, [name, description]]) => [
          name,
          {
            description,
            ...(status === '429' && { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }),
            content: { 'application/json': { schema: errorModel } },
          },
        ]),
      ),
      securitySchemes: {
        Token: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'RealWorld sends `Authorization: Token <jwt>`. On the docs page, paste the token alone: the page adds `Token `.',
        },
      },
    },
  };
}

/** The document's outline, the openapi.json route's declared response. */
export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
