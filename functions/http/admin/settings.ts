import { ADMIN_LIMITS } from '#domain/admin-limits';
import { settingsChangeSchema } from '#domain/tenant-settings';
import { jsonBody, noBody, queryOf } from '#lambda/http-request';
import { jsonResponse } from '#lambda/http-response';
import type { AdminOperationHandler } from './request';

/** `GET /v1/settings`: the workspace's settings, every field (`null` when unset). */
export const getSettingsRoute: AdminOperationHandler = async ({ event, principal, useCases }) => {
  queryOf(event, {});
  noBody(event, ADMIN_LIMITS.jsonBodyBytes);
  return jsonResponse(200, await useCases.getSettings({ tenantId: principal.tenantId }));
};

/**
 * `PUT /v1/settings`: any subset of the fields, `null` clearing one; answers the whole settings. The body is
 * validated as a whole before anything is read, so a body with any problem changes nothing (400 naming each
 * field, `settingsChangeSchema`).
 */
export const updateSettingsRoute: AdminOperationHandler = async ({ event, principal, useCases, now }) => {
  queryOf(event, {});
  const change = jsonBody(event, settingsChangeSchema, ADMIN_LIMITS.jsonBodyBytes);
  const settings = await useCases.updateSettings({
    tenantId: principal.tenantId,
    principal,
    change,
    at: now,
  });
  return jsonResponse(200, settings);
};
