import { expect } from 'vitest';
import type { Role } from '#domain/roles';
import type { LocalService } from './local-service';

/**
 * The admin API as a test calls it over HTTP: `send` signs each request with a dev credential of the tenant and
 * role (admin by default), `json` reads an answer and fails the test, showing the body, on another status.
 * `oneClick` mints a link for a recipient through the admin API, then posts its RFC 8058 one-click as their mail
 * client would, from the user agent given (kept with the unsubscribe, as the recipient's).
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
  const oneClick = async (
    tenant: string,
    recipient: { readonly contactId: string; readonly email: string },
    click: { readonly campaignId: string; readonly userAgent: string },
  ) => {
    const minted = await json(
      await send(tenant, 'POST', '/v1/unsubscribe-links', { ...recipient, campaignId: click.campaignId }),
    );
    const response = await fetch(minted.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': click.userAgent },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBeLessThan(300);
  };
  return { send, json, oneClick };
};
