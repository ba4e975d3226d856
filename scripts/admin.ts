// npm run admin -- grant <username> <moderator|admin> | revoke <username> [role] [--reason <why>] [--stage <stage>] [--region <region>]
// Grants or revokes a role with its audit entry: the way to make the first admin (the API lets admins change
// others' roles, never their own). Without --stage it works on a running `npm start`; with --stage on that
// deployed stage's table, with the AWS credentials of the shell.
import './local/quiet-sdk.ts';
import { parseAdminArgs, runAdminCommand } from './admin/command.ts';
import { configureTarget } from './local/target.ts';

async function main() {
  const command = parseAdminArgs(process.argv.slice(2));
  configureTarget(command.stage, command.region);
  console.log(await runAdminCommand(command));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
