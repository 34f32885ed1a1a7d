/** What the recipient's request proves, kept on the entry and its event (GDPR/CAN-SPAM evidence). */
export interface RecipientRequest {
  readonly token: string;
  readonly at: Date;
  readonly ip?: string;
  readonly userAgent?: string;
}

/** Longest proof kept, as the source record allows (shared/domain/suppression.ts). */
export const MAX_IP_LENGTH = 64;
export const MAX_USER_AGENT_LENGTH = 512;
