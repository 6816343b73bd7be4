// What the Q&A pages and other pillars use.
export { ensureStartingCrops, listCrops } from './crops';
export { addMeToo, askQuestion } from './questions';
export { acceptAnswer, answerQuestion, voteForAnswer } from './answers';
export { qaUploadRoutes } from './upload-routes';
export { expertQueue, questionsNeedingHelp, searchQuestions, similarQuestions } from './browse';
export { expertMarks, findQuestionPage } from './question-page';
export { dismissReport, editAnswer, editQuestion, findAnswerToEdit, findModeration, findQuestionToEdit, findReadableQuestion, hideAnswer, hideQuestion, listEdits, listOpenReports, mayModerate, reportContent, setHidden, unhideAnswer, unhideQuestion } from './moderation';
export { addCrop, findExpertProfile, isExpert, listExperts, revokeExpert, verifyExpert } from './experts';
export { escalateUnanswered, escalateUnansweredJob } from './escalation';
export { detectOutbreaks, detectOutbreaksJob, findAlert, listAlerts, alertReader, turnAlertIntoNotice } from './outbreak';
export { qaSettings } from './settings';
