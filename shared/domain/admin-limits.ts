/**
 * The admin API's limits, in one table that the handlers enforce and docs/admin-api.md quotes. Each keeps one
 * request well inside API Gateway's 30-second integration timeout and Lambda's 6 MB response payload.
 */
export const ADMIN_LIMITS = {
  /** Largest `application/json` body. */
  jsonBodyBytes: 1024 * 1024,
  /** Largest `text/plain` body (bulk add, one value a line). */
  textBodyBytes: 2 * 1024 * 1024,
  /** Values (non-blank lines) per bulk add. */
  addValues: 10_000,
  /** Values per bulk remove: each is a read, a conditional transaction and one or two events. */
  removeValues: 1_000,
  /** Values per check-before-import: up to four keys each (value, domain, and both on the global list). */
  checkValues: 10_000,
  /** Emails, phones and LinkedIn URLs each, per contact action. */
  contactValuesPerKind: 100,
  /** Optional note of a bulk add or contact action (the suppression detail's own limit). */
  noteLength: 1000,
  /** Characters of a consent's evidence (where it is kept, what it says): a reference, not the document. */
  consentEvidenceLength: 2000,
  /** `limit` of a suppression list page. */
  listPage: { default: 50, max: 500 },
  /** `limit` of a contact activity page. */
  activityPage: { default: 50, max: 200 },
  /** Characters of a `q` search. */
  searchLength: 256,
  /** CSV bytes per export response; more rows continue with the `X-Next-Cursor` header. Under Lambda's 6 MB. */
  exportBytes: 5 * 1024 * 1024,
  /** Largest `limit` (rows) of one export response. */
  exportRows: 100_000,
  /** Days per statistics request (both ends included). */
  statsDays: 93,
  /** Days of statistics when `from` is not given. */
  statsDefaultDays: 30,
  /**
   * Values per erasure: each is read, and every one of its events updated, page after page (a value may have
   * thousands), so one request stays well inside the admin API's time budget; a failure part-way is finished by
   * repeating the request.
   */
  eraseValues: 100,
  /** `limit` of the tenant activity timeline, a value's history, and the lists of filter runs. */
  readPage: { default: 50, max: 500 },
} as const;
