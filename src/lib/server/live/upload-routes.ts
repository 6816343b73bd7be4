// The live pages whose forms take photos, and how many one post may carry (registered by connectPillars).
export const liveUploadRoutes: Record<string, number> = {
	'/live/new': 1, // the cover
	'/live/[id]/host': 1 // a moment's photo
};
