// The Q&A pages whose forms take photos, and how many one post may carry (registered by connectPillars).
import { maxAnswerPhotos, maxQuestionPhotos } from '$lib/qa/vocabulary';

export const qaUploadRoutes: Record<string, number> = {
	'/qa/ask': maxQuestionPhotos,
	'/qa/[id]': maxAnswerPhotos, // an answer's photos
	'/admin/experts': 1 // the credential photo only admins see
};
