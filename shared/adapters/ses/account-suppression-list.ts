import {
  ListSuppressedDestinationsCommand,
  PutSuppressedDestinationCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { currentDeadline, sdkClientLimits, stalledCallError } from '#adapters/aws/call-limits';
import type {
  AccountSuppressedAddress,
  AccountSuppressionList,
  AccountSuppressionListReader,
} from '#app/ports/account-suppression-list';
import type { SdkCallLimits } from '#shared/time-budgets';

/**
 * The SES account-level suppression list of the function's account and region, written with SESv2
 * `PutSuppressedDestination` (an upsert: listing a listed address again only updates its reason). Throttling and
 * other errors propagate after the SDK's retries, so the SQS record is retried; each call is held to `limits` and
 * to the current use case's deadline, like the table's.
 */
export class SesAccountSuppressionList implements AccountSuppressionList, AccountSuppressionListReader {
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

  /** One page (up to 1,000 addresses) of SESv2 `ListSuppressedDestinations`, every reason. */
  async listPage(nextToken?: string) {
    const abortSignal = currentDeadline();
    try {
      const output = await this.client.send(
        new ListSuppressedDestinationsCommand({
          PageSize: 1000,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        abortSignal ? { abortSignal } : {},
      );
      const items: AccountSuppressedAddress[] = (output.SuppressedDestinationSummaries ?? []).flatMap(
        (summary) =>
          summary.EmailAddress && (summary.Reason === 'BOUNCE' || summary.Reason === 'COMPLAINT')
            ? [
                {
                  address: summary.EmailAddress,
                  reason: summary.Reason,
                  at: (summary.LastUpdateTime ?? new Date(0)).toISOString(),
                },
              ]
            : [],
      );
      return { items, ...(output.NextToken ? { nextToken: output.NextToken } : {}) };
    } catch (error) {
      throw stalledCallError('SES', error, abortSignal);
    }
  }
}
