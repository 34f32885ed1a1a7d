/** The parts of a message template a run may send along for the compliance check. */
export interface MessageTemplate {
  readonly subject?: string;
  readonly html?: string;
  readonly text?: string;
}

export interface RequiredShortcode {
  /** How errors name it. */
  readonly name: string;
  /** Any one of these satisfies it. */
  readonly anyOf: readonly string[];
}

/**
 * What every marketing template must carry: a way out (CAN-SPAM, RFC 8058 senders' guidelines) and the sender's
 * postal address (CAN-SPAM). Shortcodes are matched exactly as written here, case included, as the template
 * renderer expands them.
 */
export const REQUIRED_MARKETING_SHORTCODES: readonly RequiredShortcode[] = [
  {
    name: '[[unsubscribe_link]] or [[unsubscribe_url]]',
    anyOf: ['[[unsubscribe_link]]', '[[unsubscribe_url]]'],
  },
  { name: '[[postal_address]]', anyOf: ['[[postal_address]]'] },
];

/**
 * The required shortcodes a template lacks, looked for in subject, HTML and text together (a shortcode in the
 * text part counts for the message). A missing template lacks all of them.
 */
export const missingShortcodes = (template: MessageTemplate | undefined): RequiredShortcode[] => {
  const content = [template?.subject, template?.html, template?.text].filter(Boolean).join('\n');
  return REQUIRED_MARKETING_SHORTCODES.filter(
    (required) => !required.anyOf.some((code) => content.includes(code)),
  );
};
