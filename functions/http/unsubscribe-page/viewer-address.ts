import { isIP } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The header CloudFront sets to the viewer's `<ip>:<port>` (`198.51.100.10:46532`, `2001:db8::1:46532`), which
 * the public distribution's origin request policy forwards (infra/stacks/public-api-stack.ts).
 */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/**
 * The recipient's IP address, kept as evidence of the request: behind CloudFront the connection API Gateway sees
 * is CloudFront's, so the viewer's address comes from {@link VIEWER_ADDRESS_HEADER}; without the header (the API
 * called directly, or locally) it is the connection's. Like the user agent it is what the request says, not an
 * authorization: the sealed token alone decides what a request may do. `undefined` when neither holds an address.
 */
export const viewerIp = (event: APIGatewayProxyEventV2): string | undefined => {
  const ip = /^(.+):\d{1,5}$/.exec(event.headers?.[VIEWER_ADDRESS_HEADER]?.trim() ?? '')?.[1];
  if (ip !== undefined && isIP(ip)) return ip;
  return event.requestContext.http.sourceIp || undefined;
};
