import type { BuildOptions } from 'esbuild';
import { readServerlessYml } from './serverless-yml.ts';

// serverless-esbuild options that are esbuild options too; the rest (watch, exclude, ...) steer the plugin.
const PASSED_TO_ESBUILD = [
  'bundle',
  'minify',
  'sourcemap',
  'target',
  'platform',
  'format',
  'mainFields',
  'banner',
  'external',
  'packages',
  'define',
  'loader',
  'conditions',
  'keepNames',
];

/** `${env:NAME, 'default'}` as a deployment without that variable sees it: the default. */
function deployedValue(name: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const fallback = /^\$\{env:\w+, '([^']*)'\}$/.exec(value)?.[1];
  if (fallback === undefined) throw new Error(`custom.esbuild.${name}: cannot resolve ${value} without serverless`);
  return fallback;
}

/** The esbuild options `serverless package` uses, read from serverless.yml's custom.esbuild so they cannot drift. */
export function esbuildOptionsFromServerlessYml(): BuildOptions {
  const custom = (readServerlessYml().custom ?? {}) as { esbuild?: Record<string, unknown> };
  const configured = custom.esbuild ?? {};
  const options = Object.fromEntries(
    Object.entries(configured)
      .filter(([name]) => PASSED_TO_ESBUILD.includes(name))
      .map(([name, value]) => [name, deployedValue(name, value)]),
  ) as BuildOptions;
  // serverless-esbuild leaves the packages named in `exclude` out of the bundle.
  const excluded = (configured.exclude as string[] | undefined) ?? [];
  return { ...options, external: [...(options.external ?? []), ...excluded], outExtension: { '.js': String(configured.outputFileExtension ?? '.js') } };
}
