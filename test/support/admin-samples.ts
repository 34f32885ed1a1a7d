/** A request each route accepts, for tenant-agnostic checks. */
export const SAMPLE: Record<string, { path: string; body?: unknown }> = {
  'GET /v1/suppressions': { path: '/v1/suppressions' },
  'POST /v1/suppressions': { path: '/v1/suppressions', body: { values: ['sample@example.com'] } },
  'POST /v1/suppressions/remove': {
    path: '/v1/suppressions/remove',
    body: { values: ['sample@example.com'] },
  },
  'POST /v1/suppressions/check': { path: '/v1/suppressions/check', body: { values: ['sample@example.com'] } },
  'GET /v1/suppressions/export': { path: '/v1/suppressions/export' },
  'POST /v1/contacts/{contactId}/unsubscribe': {
    path: '/v1/contacts/c-roles/unsubscribe',
    body: { emails: ['sample@example.com'] },
  },
  'DELETE /v1/contacts/{contactId}/do-not-contact': { path: '/v1/contacts/c-roles/do-not-contact' },
  'GET /v1/contacts/{contactId}/activity': { path: '/v1/contacts/c-roles/activity' },
  'GET /v1/stats': { path: '/v1/stats' },
  'GET /v1/global/suppressions': { path: '/v1/global/suppressions' },
  'POST /v1/global/suppressions': {
    path: '/v1/global/suppressions',
    body: { values: ['global-sample@example.com'] },
  },
  'POST /v1/global/suppressions/remove': {
    path: '/v1/global/suppressions/remove',
    body: { values: ['global-sample@example.com'] },
  },
  'GET /v1/global/suppressions/export': { path: '/v1/global/suppressions/export' },
  'GET /v1/activity': { path: '/v1/activity' },
  'POST /v1/suppressions/history': {
    path: '/v1/suppressions/history',
    body: { value: 'sample@example.com' },
  },
  'GET /v1/campaigns/{campaignId}/runs': { path: '/v1/campaigns/c-roles/runs' },
  'GET /v1/runs': { path: '/v1/runs' },
  'GET /v1/contacts/{contactId}': { path: '/v1/contacts/c-roles' },
  'GET /v1/settings': { path: '/v1/settings' },
  'PUT /v1/settings': { path: '/v1/settings', body: { displayName: 'Sample' } },
  'POST /v1/erasures': { path: '/v1/erasures', body: { values: ['sample@example.com'] } },
  'POST /v1/subject-access': { path: '/v1/subject-access', body: { value: 'sample@example.com' } },
};
