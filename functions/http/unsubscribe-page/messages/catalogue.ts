import type { Language } from '../languages';
import { de } from './de';
import { en, type Messages } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import { nl } from './nl';
import { pt } from './pt';

/** Every language's messages: a `Record` over {@link Language}, so a language without a catalogue fails the typecheck. */
export const CATALOGUES: Readonly<Record<Language, Messages>> = { en, fr, de, es, it, pt, nl };

export type { Messages };
