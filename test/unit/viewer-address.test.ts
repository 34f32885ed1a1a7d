import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { viewerIp } from '../../functions/http/unsubscribe-page/viewer-address';

/** A request as API Gateway hands it over: the connection's address, and CloudFront's header when it is in front. */
const eventFrom = (sourceIp: string, viewerAddress?: string) =>
  ({
    headers: viewerAddress === undefined ? {} : { 'cloudfront-viewer-address': viewerAddress },
    requestContext: { http: { sourceIp } },
  }) as unknown as APIGatewayProxyEventV2;

describe("the recipient's address kept as evidence", () => {
  it("takes the viewer's IPv4 address from CloudFront's header, not CloudFront's own connection", () => {
    expect(viewerIp(eventFrom('130.176.1.1', '198.51.100.10:46532'))).toBe('198.51.100.10');
  });

  it('reads an IPv6 viewer address, whose port follows the last colon', () => {
    expect(viewerIp(eventFrom('130.176.1.1', '2001:db8:85a3::8a2e:370:7334:46532'))).toBe(
      '2001:db8:85a3::8a2e:370:7334',
    );
  });

  it("falls back to the connection's address without the header, or when it holds no address", () => {
    expect(viewerIp(eventFrom('203.0.113.9'))).toBe('203.0.113.9');
    expect(viewerIp(eventFrom('203.0.113.9', 'not an address'))).toBe('203.0.113.9');
    expect(viewerIp(eventFrom('203.0.113.9', '198.51.100.10'))).toBe('203.0.113.9');
    expect(viewerIp(eventFrom(''))).toBeUndefined();
  });
});
