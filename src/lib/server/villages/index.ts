// What other pillars may use of villages; the rest is the pillar's own. Routes may import its
// modules directly.
export { countVillagers, isVillagerOf, listCommitteePhones, listVillagers, rolesIn, villagerFlag } from './memberships';
export { findVillageById, findVillageBySlug } from './villages';
