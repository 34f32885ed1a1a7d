import { PutSuppressedDestinationCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';

/**
 * The SES account-level suppression list of the function's account and region, written with SESv2
 * `PutSuppressedDestination` (an upsert: listing a listed address again only updates its reason). Throttling and
 * other errors propagate after the SDK's retries, so the SQS record is retried.
 */
export class SesAccountSuppressionList implements AccountSuppressionList {
  constructor(private readonly client: SESv2Client = new SESv2Client({})) {}

  async put(address: string, reason: 'BOUNCE' | 'COMPLAINT'): Promise<void> {
    await this.client.send(new PutSuppressedDestinationCommand({ EmailAddress: address, Reason: reason }));
  }
}
