'use strict';

// A serverless plugin of this repo (serverless.yml `plugins`): stage `local` exists for npm start, npm test
// and `serverless invoke local`; it carries the public development JWT secret and points at localhost, so
// deploying it would ship both. `serverless deploy --stage local` (and `deploy function`) stop here, before
// anything is packaged or any AWS credential is looked for.
class RefuseLocalDeploy {
  constructor(serverless, options) {
    this.hooks = {
      initialize: () => {
        const [command] = serverless.processedInput?.commands ?? [];
        const stage = options.stage ?? serverless.service.provider.stage;
        if (command === 'deploy' && stage === 'local') {
          throw new serverless.classes.Error('Stage "local" is for npm start and tests only and is never deployed: choose another --stage.');
        }
      },
    };
  }
}

module.exports = RefuseLocalDeploy;
