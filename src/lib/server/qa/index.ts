// What the Q&A pages and other pillars use.
export { ensureStartingCrops, listCrops } from './crops';
export { addMeToo, askQuestion } from './questions';
export { acceptAnswer, answerQuestion, voteForAnswer } from './answers';
export { qaUploadRoutes } from './upload-routes';
export { searchQuestions, similarQuestions } from './browse';
export { expertMarks, findQuestionPage } from './question-page';
