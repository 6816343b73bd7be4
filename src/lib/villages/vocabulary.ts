// The roles a person can hold in a village.

export const villageRoles = ['villager', 'cadre'] as const;
export type VillageRole = (typeof villageRoles)[number];
