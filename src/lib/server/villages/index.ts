// What other pillars may use of villages; the rest is the pillar's own. Routes may import its
// modules directly.
export { countVillagers, isVillagerOf, listCommitteePhones, listUserVillages, listVillagers, rolesIn, villagerFlag } from './memberships';
export { findVillageById, findVillageBySlug } from './villages';
