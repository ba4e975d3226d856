import { describe, expect, it } from 'vitest';
import { readServerlessYml } from '../../scripts/local/serverless-yml.ts';
import { routes } from './support/conduit.ts';

interface FunctionDefinition {
  handler: string;
  events?: { httpApi?: { method: string; path: string } }[];
}

describe('the route table these tests invoke', () => {
  it('names every HTTP route serverless.yml deploys, with the same handler file', () => {
    const { functions } = readServerlessYml() as { functions: Record<string, FunctionDefinition> };
    const deployed = Object.fromEntries(
      Object.values(functions).flatMap((fn) =>
        (fn.events ?? []).flatMap((event) => (event.httpApi ? [[`${event.httpApi.method} ${event.httpApi.path}`, fn.handler.replace(/\.handler$/, '')]] : [])),
      ),
    );
    const tested = Object.fromEntries(Object.entries(routes).map(([route, { file }]) => [route, file]));
    expect(tested).toEqual(deployed);
  });
});
