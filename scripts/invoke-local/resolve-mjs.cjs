// Preloaded (node --require) into `serverless invoke local`. osls loads a handler with require('<path>')
// and then tries '<path>.cjs', never '<path>.mjs', but serverless.yml builds ESM bundles named .mjs (what
// Lambda needs to run them as ESM without a package.json). Node >= 20.19 can require() an ES module,
// so pointing an absolute, extensionless path at its .mjs file is all that is missing.
const Module = require('node:module');
const { existsSync } = require('node:fs');
const { isAbsolute } = require('node:path');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolveFilename.call(this, request, ...rest);
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND' && isAbsolute(request) && existsSync(`${request}.mjs`)) return `${request}.mjs`;
    throw error;
  }
};
