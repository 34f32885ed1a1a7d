import type { Kind } from '#domain/kinds';
import type { Scope, Source, SourceRule } from '#domain/sources';

/** The admin API's answers the console reads (docs/openapi.yaml). */

export interface EntrySource {
  readonly source: Source;
  readonly createdAt: string;
  readonly addedBy: string | null;
  readonly campaignId: string | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly restorable: boolean;
}

export interface SuppressionItem {
  readonly value: string | null;
  readonly normalizedValue: string | null;
  readonly kind: Kind;
  readonly source: Source;
  readonly sources: readonly EntrySource[];
  readonly scope: Scope;
  readonly createdAt: string;
  readonly addedBy: string | null;
  readonly campaignId: string | null;
  readonly detail: Readonly<Record<string, unknown>> | null;
  readonly restorable: boolean;
}

export interface SuppressionPage {
  readonly items: readonly SuppressionItem[];
  readonly nextCursor: string | null;
}

export interface AddResult {
  readonly input: string;
  readonly status: 'added' | 'already_suppressed' | 'invalid';
  readonly value?: string;
  readonly kind?: Kind;
  readonly source?: Source;
  readonly sources?: readonly Source[];
  readonly error?: string;
}

export interface RemoveResult {
  readonly input: string;
  readonly status: 'removed' | 'not_restorable' | 'not_found' | 'invalid';
  readonly consent?: true;
  readonly reason?: NonNullable<SourceRule['notRestorableReason']>;
  readonly value?: string;
  readonly kind?: Kind;
  readonly sources?: readonly Source[];
  readonly error?: string;
}

export interface CheckMatch {
  readonly value: string;
  readonly kind: Kind;
  readonly source: Source;
  readonly sources: readonly Source[];
  readonly scope: Scope;
  readonly createdAt: string;
  readonly global?: true;
}

export interface CheckResult {
  readonly input: string;
  readonly value?: string;
  readonly kind?: Kind;
  readonly suppressed: boolean;
  readonly matches: readonly CheckMatch[];
  readonly error?: string;
}

export interface Results<T> {
  readonly results: readonly T[];
}
