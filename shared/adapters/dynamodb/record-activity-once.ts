import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { SuppressionRepository } from '#app/ports';
import type { ActivityEvent } from '#domain/activity';
import type { SuppressionKey } from '#domain/suppression';

/**
 * W3 for events whose id is derived from their trigger (an SES feedback id and recipient): the conditional put
 * refuses a second event with the same instant and id, and that refusal means "already recorded", not failure.
 *
 * @returns true when the event was written, false when it existed already.
 */
export const recordActivityOnce =
  (repository: Pick<SuppressionRepository, 'recordActivity'>) =>
  async (event: ActivityEvent, concerning: SuppressionKey): Promise<boolean> => {
    try {
      await repository.recordActivity(event, concerning);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
