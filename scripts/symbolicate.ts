import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mapStack } from './symbolicate/map-stack.ts';

// npm run symbolicate [-- --maps .serverless/sourcemaps] < trace.txt
// Deployed functions run without --enable-source-maps (it costs every cold start), so their stack traces point
// into minified bundles. This reads a trace (a log line, a whole log) on stdin and prints it with every bundle
// location turned into its TypeScript line, from the maps `serverless package` kept beside the artifacts.
// Use the maps of the package that was deployed: another build's maps point at other lines.
const { values } = parseArgs({ options: { maps: { type: 'string', default: '.serverless/sourcemaps' }, root: { type: 'string', default: '/var/task/' } } });
if (!existsSync(values.maps)) {
  console.error(`No source maps in ${values.maps}: run \`npm run package -- --stage <stage>\` (the package that was deployed) first.`);
  process.exit(1);
}
process.stdout.write(mapStack(readFileSync(0, 'utf8'), { mapsDir: values.maps, root: values.root }));
