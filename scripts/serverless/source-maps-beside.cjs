'use strict';

const fs = require('node:fs');
const path = require('node:path');

// A serverless plugin of this repo (serverless.yml `plugins`, listed after serverless-esbuild). Source maps stay
// out of the deployed cold path: Node parses a bundle's map at load when --enable-source-maps is on (about 18 ms
// of a 90 ms cold load here, for a 2.3 MB map), and each zip would carry megabytes of map. So only stage local
// turns the flag on (params.*.nodeOptions); `serverless package` leaves every *.map out of the function zips and
// keeps them beside the artifacts, in .serverless/sourcemaps/ (or <--package>/sourcemaps/), for `npm run symbolicate` to read a deployed
// stack trace with. The bundles themselves are the same at every stage (scripts/README.md, "One build").
const MAPS_FOLDER = 'sourcemaps';

class SourceMapsBeside {
  constructor(serverless) {
    this.hooks = {
      // Before anything is packaged (serverless package, deploy, deploy function): serverless-esbuild reads each
      // function's `!` patterns when it zips.
      initialize: () => this.keepMapsOutOfZips(serverless),
      // serverless-esbuild bundled and zipped in before:package:createDeploymentArtifacts and removes its build
      // folder in after:…, so the maps are taken in between.
      // Into .serverless/, which `serverless package --package <dir>` then moves to <dir> with the zips.
      'package:createDeploymentArtifacts': () => this.copyMaps(serverless, path.join(serverless.serviceDir, '.serverless')),
    };
  }

  keepMapsOutOfZips(serverless) {
    for (const name of serverless.service.getAllFunctions()) {
      const fn = serverless.service.getFunction(name);
      fn.package = { ...fn.package, patterns: [...(fn.package?.patterns ?? []), '!**/*.map'] };
    }
  }

  copyMaps(serverless, artifactsDir) {
    const esbuild = serverless.pluginManager.plugins.find((plugin) => plugin.constructor.name === 'EsbuildServerlessPlugin');
    const buildDir = esbuild?.buildDirPath;
    if (!buildDir || !fs.existsSync(buildDir)) throw new serverless.classes.Error('source-maps-beside: serverless-esbuild built nothing to take maps from');
    const target = path.join(artifactsDir, MAPS_FOLDER);
    fs.rmSync(target, { recursive: true, force: true });
    for (const file of fs.readdirSync(buildDir, { recursive: true })) {
      if (!String(file).endsWith('.map') || String(file).includes('node_modules')) continue;
      fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
      fs.copyFileSync(path.join(buildDir, file), path.join(target, file));
    }
  }
}

module.exports = SourceMapsBeside;
