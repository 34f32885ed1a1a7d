/** What a sender needs to give one recipient a way out: the link and the RFC 2369 / RFC 8058 headers. */
export interface UnsubscribeLinkRequest {
  readonly tenantId: string;
  readonly contactId: string;
  /** Normalized email (the variable the link unsubscribes). */
  readonly email: string;
  readonly campaignId?: string;
  /** The preference-center topic of the message, already checked against the tenant's topics. */
  readonly topic?: string;
}

export interface UnsubscribeLink {
  readonly url: string;
  readonly headers: {
    readonly 'List-Unsubscribe': string;
    readonly 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
  };
}

/** Builds unsubscribe links; pure and synchronous so the filter can call it for thousands of recipients. */
export type BuildUnsubscribeLink = (request: UnsubscribeLinkRequest) => UnsubscribeLink;
