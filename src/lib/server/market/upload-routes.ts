// The market pages whose forms take photos, and how many one post may carry (registered by connectPillars).
import { maxProductPhotos } from '$lib/market/vocabulary';

export const marketUploadRoutes: Record<string, number> = {
	'/sell/products/new': maxProductPhotos,
	'/sell/products/[id]': maxProductPhotos,
	'/orders/[id]': 1 // a review's photo
};
