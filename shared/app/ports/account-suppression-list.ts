/**
 * The SES account-level suppression list (SESv2), for deployments that mirror to it: SES itself then refuses to
 * send to the address, from any tenant of the account. `SesAccountSuppressionList` implements it.
 */
export interface AccountSuppressionList {
  /** Lists the address for `reason`; listing one that is listed already changes nothing. */
  put(address: string, reason: 'BOUNCE' | 'COMPLAINT'): Promise<void>;
}

/** One address of the SES account-level suppression list, as SES lists it. */
export interface AccountSuppressedAddress {
  readonly address: string;
  readonly reason: 'BOUNCE' | 'COMPLAINT';
  /** When SES last listed it (ISO-8601). */
  readonly at: string;
}

/** Reads the SES account-level suppression list, page by page (`SesAccountSuppressionList` implements it). */
export interface AccountSuppressionListReader {
  listPage(nextToken?: string): Promise<{
    readonly items: readonly AccountSuppressedAddress[];
    readonly nextToken?: string;
  }>;
}
