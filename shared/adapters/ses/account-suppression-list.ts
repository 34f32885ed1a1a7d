import { PutSuppressedDestinationCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { currentDeadline, sdkClientLimits, stalledCallError } from '#adapters/aws/call-limits';
import type { AccountSuppressionList } from '#app/ports/account-suppression-list';
import type { SdkCallLimits } from '#shared/time-budgets';

/**
 * The SES account-level suppression list of the function's account and region, written with SESv2
 * `PutSuppressedDestination` (an upsert: listing a listed address again only updates its reason). Throttling and
 * other errors propagate after the SDK's retries, so the SQS record is retried; each call is held to `limits` and
 * to the current use case's deadline, like the table's.
 */
export class SesAccountSuppressionList implements AccountSuppressionList {
  private readonly client: SESv2Client;

  constructor(client: SESv2Client | { readonly limits: SdkCallLimits }) {
    this.client = client instanceof SESv2Client ? client : new SESv2Client(sdkClientLimits(client.limits));
  }

  async put(address: string, reason: 'BOUNCE' | 'COMPLAINT'): Promise<void> {
    const abortSignal = currentDeadline();
    try {
      await this.client.send(
        new PutSuppressedDestinationCommand({ EmailAddress: address, Reason: reason }),
        abortSignal ? { abortSignal } : {},
      );
    } catch (error) {
      throw stalledCallError('SES', error, abortSignal);
    }
  }
}
