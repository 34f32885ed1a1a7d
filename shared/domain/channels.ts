/** The channels a run may use, each with the value kind that reaches it. */
export const CHANNELS = ['email', 'phone', 'linkedin'] as const;
export type Channel = (typeof CHANNELS)[number];
