// Roles are checked on the server for every route; the web app only hides what it cannot use.
export const ROLES = ['operator', 'supervisor', 'auditor', 'admin', 'trainee', 'cross_registry'] as const;
export type Role = (typeof ROLES)[number];

export function hasAny(roles: readonly string[], wanted: readonly Role[]): boolean {
  return wanted.some((r) => roles.includes(r));
}
