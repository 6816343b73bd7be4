// The charity pages whose forms take photos, and how many one post may carry (registered by connectPillars).
import { maxReceiptPhotos } from './disbursements';
import { maxProjectPhotos } from './projects';

export const charityUploadRoutes: Record<string, number> = {
	'/charity/new': maxProjectPhotos,
	'/charity/[id]/pay': maxReceiptPhotos // a payment's receipts
};
