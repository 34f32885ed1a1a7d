/** Which workspace owns an SMS number's replies (the claims W11 writes); `DynamoDbSmsNumberOwners` implements it. */
export interface SmsNumberOwners {
  /** R12: the tenant that claimed this E.164 number, or undefined when none did. */
  findSmsNumberOwner(e164: string): Promise<string | undefined>;
}
