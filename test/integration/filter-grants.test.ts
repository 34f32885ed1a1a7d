import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb/client';
import { DynamoDbTenantSettingsRepository } from '#adapters/dynamodb/tenant-settings-repository';
import { type FilterUseCases, wireFilter } from '#wiring/filter';
import { FilterStack } from '../../infra/stacks/filter-stack';
import { ensureLocalSecrets } from '../../local/keys';
import { COMPLIANT_TEMPLATE } from '../support/filter-fixture';
import { prefixesOf, requestsOutside, synthesizedTableGrants, type TableGrant } from '../support/iam-grants';
import { type TestTable, testTable, uniqueTenant } from '../support/repositories';
import { recordRequests, type TableRequest } from '../support/table-requests';

/**
 * The pre-send filter's table grants against what it really sends (test/support/iam-grants.ts): a run over every
 * channel, a topic and a report, through the filter's composition root on DynamoDB Local, held to the policy the
 * filter stack synthesizes. A denied lookup would not fail loudly when deployed: it would make recipients
 * `unchecked`, and the campaign would send to no one.
 */

const grantsOfFilter = (): TableGrant[] =>
  synthesizedTableGrants(
    (app, data) =>
      new FilterStack(app, 'Filter', { ...data, publicBaseUrl: 'https://unsubscribe.example.com' }),
    'Handler',
  );

let table: TestTable;
let grants: TableGrant[];
let filter: FilterUseCases;
const sent: TableRequest[] = [];

beforeAll(async () => {
  grants = grantsOfFilter();
  table = await testTable();
  const { keyringFile } = await ensureLocalSecrets(
    await mkdtemp(path.join(tmpdir(), 'quietlist-filter-iam-')),
  );
  const doc = createDocumentClient({ endpoint: table.endpoint });
  recordRequests(doc, sent);
  filter = await wireFilter(
    {
      tableName: table.tableName,
      keysSource: `file:${keyringFile}`,
      dynamoDbEndpoint: table.endpoint,
      documentClient: doc,
      publicBaseUrl: 'https://unsubscribe.example.com',
    },
    { reportTtlSeconds: 3600 },
  );
}, 120_000);

describe("the pre-send filter's table grants", () => {
  it('cover every lookup and the report of a run over every channel, with a topic', async () => {
    const tenantId = uniqueTenant();
    await new DynamoDbTenantSettingsRepository(table.doc, table.tableName).putTenantSettings(tenantId, {
      displayName: 'Acme',
      defaultPhoneCountry: 'GB',
      topics: [{ id: 'beta', name: 'Beta', defaultSubscribed: false }],
    });
    const { output } = await filter.filterAudience({
      tenantId,
      campaignId: 'c-42',
      category: 'marketing',
      channels: ['email', 'phone', 'linkedin'],
      topic: 'beta',
      template: COMPLIANT_TEMPLATE,
      recipients: [
        {
          contactId: 'c-1',
          email: 'jane@eu.example.com',
          phone: '020 7946 0958',
          linkedinUrl: 'https://www.linkedin.com/in/jane-doe',
        },
        { contactId: 'c-2', email: 'sam@example.org' },
      ],
    });
    expect(output.summary.received).toBe(2);

    expect(sent.filter((request) => request.index !== undefined)).toEqual([]);
    expect(requestsOutside(sent, grants)).toEqual([]);
    expect(prefixesOf(sent)).toEqual(['CON', 'RUN', 'SUP', 'TEN']);
  });
});
