// The notices pages whose forms take photos, and how many one post may carry (registered by connectPillars).
import { maxNoticePhotos } from '$lib/notices/vocabulary';

export const noticeUploadRoutes: Record<string, number> = {
	'/committee/notices/new': maxNoticePhotos,
	'/committee/notices/[id]': maxNoticePhotos
};
