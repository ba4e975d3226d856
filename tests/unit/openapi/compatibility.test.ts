import { describe, expect, it } from 'vitest';
import { compatibilityProblems, type OpenApi, unmarkedExtensions } from './compatibility.ts';

const profile = (properties: Record<string, unknown>, required: string[]) => ({ type: 'object', properties, required });
const official: OpenApi = {
  paths: {
    '/profiles/{username}': {
      get: {
        parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { $ref: '#/components/responses/Profile' },
          '404': { description: 'Not found' },
        },
        security: [{ Token: [] }],
      },
    },
  },
  components: {
    responses: {
      Profile: {
        description: 'Profile',
        content: { 'application/json': { schema: profile({ username: { type: 'string' }, bio: { type: ['string', 'null'] } }, ['username', 'bio']) } },
      },
    },
  },
};

const ours = (schema: Record<string, unknown>, extra: Record<string, unknown> = {}): OpenApi => ({
  paths: {
    '/profiles/{username}': {
      get: {
        parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string', minLength: 1 } }],
        responses: { '200': { description: 'OK', content: { 'application/json': { schema } } }, '404': { description: 'Not found' } },
        security: [{}, { Token: [] }],
        ...extra,
      },
    },
  },
});

// The check the OpenAPI test relies on finds what it must, so a pass there means something.
describe('the structural compatibility check against the official document', () => {
  it('accepts a schema with the official required properties and types, and refinements of its own', () => {
    const schema = profile(
      { username: { type: 'string', maxLength: 40 }, bio: { anyOf: [{ type: 'string' }, { type: 'null' }] }, extra: { type: 'integer' } },
      ['username', 'bio'],
    );
    expect(compatibilityProblems(official, ours(schema))).toEqual([]);
  });

  it('names a required property that is missing, optional, or of another type', () => {
    expect(compatibilityProblems(official, ours(profile({ username: { type: 'string' } }, ['username'])))).toEqual([
      'GET /profiles/{username} 200.bio: required by the official schema, missing',
    ]);
    expect(compatibilityProblems(official, ours(profile({ username: { type: 'string' }, bio: { type: ['string', 'null'] } }, ['username'])))).toEqual([
      'GET /profiles/{username} 200.bio: required by the official schema, optional in ours',
    ]);
    expect(compatibilityProblems(official, ours(profile({ username: { type: 'integer' }, bio: { type: 'string' } }, ['username', 'bio'])))).toEqual([
      'GET /profiles/{username} 200.username: type integer, official string',
    ]);
  });

  it('names a missing status, parameter, or token', () => {
    const schema = profile({ username: { type: 'string' }, bio: { type: 'string' } }, ['username', 'bio']);
    const document = ours(schema, { parameters: [], responses: { '200': { description: 'OK', content: { 'application/json': { schema } } } }, security: [] });
    expect(compatibilityProblems(official, document)).toEqual([
      'GET /profiles/{username} 404: missing',
      'GET /profiles/{username}: parameter path username missing',
      'GET /profiles/{username}: takes no Token',
    ]);
  });

  it('names operations and parameters beyond the official document unless they are marked x-extension', () => {
    const schema = profile({}, []);
    const document = ours(schema, {
      parameters: [
        { name: 'username', in: 'path' },
        { name: 'page', in: 'query' },
      ],
    });
    document.paths['/docs'] = { get: { responses: {} } };
    expect(unmarkedExtensions(official, document)).toEqual(['GET /profiles/{username}: parameter query page', 'GET /docs']);
    const marked = ours(schema, {
      parameters: [
        { name: 'username', in: 'path' },
        { name: 'page', in: 'query', 'x-extension': true },
      ],
    });
    marked.paths['/docs'] = { get: { responses: {}, 'x-extension': true } };
    expect(unmarkedExtensions(official, marked)).toEqual([]);
  });
});
