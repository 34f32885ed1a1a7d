/**
 * Roles a credential may carry: the tenant roles, narrowest first, then `operator`, the platform operator who
 * manages the reserved global list and nothing of any tenant.
 */
export const ROLES = ['viewer', 'manager', 'admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'read',
  'export',
  'add',
  'remove',
  'contact_actions',
  'build_links',
  'settings',
  'lift_with_consent',
  'global_list',
  /** Erasure and subject access (GDPR Art. 17 and 15): a workspace admin's, as data controller's act. */
  'privacy',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who may do what: one table that routes and docs both read. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read', 'export'],
  manager: ['read', 'export', 'add', 'remove', 'contact_actions', 'build_links'],
  admin: [
    'read',
    'export',
    'add',
    'remove',
    'contact_actions',
    'build_links',
    'settings',
    'lift_with_consent',
    'privacy',
  ],
  operator: ['global_list', 'lift_with_consent'],
};

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

export const can = (role: Role, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);

/**
 * The verified caller. Comes from the credential's claims only (never from a request body): `person` when a
 * teammate acts, `service` for server-to-server callers, whose additions are recorded with source `api`.
 */
export interface Principal {
  readonly tenantId: string;
  readonly userId: string;
  readonly role: Role;
  readonly type: 'person' | 'service';
  /**
   * Who `userId` is, for teammates reading the list and the audit: the credential's `name` and `email` claims
   * when it has them. Shown, never used to decide anything, and never logged (shared/lambda/log-redaction.ts).
   */
  readonly displayName?: string;
  readonly email?: string;
}

/** The longest person claims kept (code points): a longer name is cut, a longer address dropped. */
export const PERSON_CLAIM_LIMITS = { displayName: 256, email: 320 } as const;

/** Claim names in the JWT; configurable when deployed so an existing identity provider fits. */
export const DEFAULT_CLAIMS = {
  tenant: 'quietlist:tenant',
  role: 'quietlist:role',
  type: 'quietlist:type',
  /** OpenID Connect standard claims: who the person is, shown beside their user id. */
  name: 'name',
  email: 'email',
} as const;
