'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// A serverless plugin of this repo (serverless.yml `plugins`). serverless-esbuild 1.57 zips each function from a
// copy in the system temp folder (`<function>-<pid>-<time>-<random>`) and means to delete it, but its delete is
// not recursive and fails silently on the full folder: every `serverless package` or deploy left one folder per
// function behind (42 here, ~130 MB with maps), and `npm test` packages once. This removes this process's copies.
class PackageTempCleanup {
  constructor(serverless) {
    this.hooks = {
      'after:package:createDeploymentArtifacts': () => this.removeZipCopies(serverless),
      'after:deploy:function:packageFunction': () => this.removeZipCopies(serverless),
    };
  }

  removeZipCopies(serverless) {
    const names = new Set(serverless.service.getAllFunctions());
    const copy = new RegExp(`^(.+)-${process.pid}-\\d+-[0-9a-f]{8}$`);
    for (const entry of fs.readdirSync(os.tmpdir(), { withFileTypes: true })) {
      const match = entry.isDirectory() && copy.exec(entry.name);
      if (match && names.has(match[1])) fs.rmSync(path.join(os.tmpdir(), entry.name), { recursive: true, force: true });
    }
  }
}

module.exports = PackageTempCleanup;
