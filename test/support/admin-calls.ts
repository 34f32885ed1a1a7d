import { expect } from 'vitest';
import type { Role } from '#domain/roles';
import type { LocalService } from './local-service';

/**
 * The admin API as a test calls it over HTTP: `send` signs each request with a dev credential of the tenant and
 * role (admin by default), `json` reads an answer and fails the test, showing the body, on another status.
 */
export const adminCalls = (service: () => LocalService) => {
  const send = async (tenant: string, method: string, path: string, body?: unknown, role: Role = 'admin') =>
    fetch(`${service().baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await service().credential(tenant, role)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async (response: Response, status = 200) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text);
  };
  return { send, json };
};
