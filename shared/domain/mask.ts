import type { Kind } from '#domain/kinds';

/**
 * Masks a normalized value for display and logs: enough to recognise it, not enough to harvest it.
 * `jane@example.com` → `j***@example.com`, `+33612345678` → `+33******78`, LinkedIn → `linkedin.com/in/j***`.
 */
export const maskValue = (kind: Kind, value: string): string => {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0) return '***';
      return `${[...value.slice(0, at)][0]}***${value.slice(at)}`;
    }
    case 'domain':
      return value;
    case 'phone':
      return value.length <= 6
        ? '***'
        : `${value.slice(0, 3)}${'*'.repeat(value.length - 5)}${value.slice(-2)}`;
    case 'linkedin': {
      const slash = value.lastIndexOf('/');
      return `${value.slice(0, slash + 1)}${[...value.slice(slash + 1)][0] ?? ''}***`;
    }
  }
};
