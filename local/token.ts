import { parseArgs } from 'node:util';
import { isRole } from '#domain/roles';
import { parseTenantId } from '#domain/tenant';
import { mintDevCredential } from './dev-credentials';
import { ensureLocalSecrets } from './keys';

/**
 * `npm run token -- --tenant T --role admin --user U [--service] [--expires 12h]`: prints a dev credential for the
 * local admin API, signed with the local key in .local/keys.json. `--role operator` prints a platform operator's
 * credential for the global list (`/v1/global/*`); its tenant is ignored.
 */
const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'acme' },
    role: { type: 'string', default: 'admin' },
    user: { type: 'string', default: 'dev-user' },
    service: { type: 'boolean', default: false },
    expires: { type: 'string', default: '12h' },
  },
});

const tenant = parseTenantId(values.tenant);
if (!tenant.ok) {
  console.error(tenant.error);
  process.exit(2);
}
if (!isRole(values.role)) {
  console.error(`"${values.role}" is not a role: use viewer, manager, admin or operator`);
  process.exit(2);
}
const { devJwtSecret } = await ensureLocalSecrets();
console.log(
  await mintDevCredential(
    {
      tenant: tenant.value,
      role: values.role,
      user: values.user,
      type: values.service ? 'service' : 'person',
      expiresIn: values.expires,
    },
    devJwtSecret,
  ),
);
