/** Who asks, as authentication established it. */
export interface Identity {
  name: string;
  groups: readonly string[];
}

/** Members of this group administer the whole cluster. */
export const ADMIN_GROUP = 'pacific:admins';

export const isAdministrator = (user: Identity): boolean => user.groups.includes(ADMIN_GROUP);
