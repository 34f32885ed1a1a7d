import { devCredentialRequestOf, mintDevCredential } from './dev-credentials';
import { ensureLocalSecrets } from './keys';

/**
 * `npm run token -- --tenant T --role admin --user U [--service] [--name "Maria Silva"] [--email maria@example.com]
 * [--expires 12h]`: prints a dev credential for the local admin API, signed with the local key in
 * .local/keys.json. `--name` and `--email` become the `name` and `email` claims, shown beside the user id.
 * `--role operator` prints a platform operator's credential for the global list (`/v1/global/*`); its tenant is
 * ignored.
 */
let request: ReturnType<typeof devCredentialRequestOf>;
try {
  request = devCredentialRequestOf(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const { devJwtSecret } = await ensureLocalSecrets();
console.log(await mintDevCredential(request, devJwtSecret));
