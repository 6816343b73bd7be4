// The villages pages whose forms take photos (registered by connectPillars).
export const villageUploadRoutes: Record<string, number> = {
	'/admin': 1 // a new village's cover
};
