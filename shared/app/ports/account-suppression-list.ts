/**
 * The SES account-level suppression list (SESv2), for deployments that mirror to it: SES itself then refuses to
 * send to the address, from any tenant of the account. `SesAccountSuppressionList` implements it.
 */
export interface AccountSuppressionList {
  /** Lists the address for `reason`; listing one that is listed already changes nothing. */
  put(address: string, reason: 'BOUNCE' | 'COMPLAINT'): Promise<void>;
}
