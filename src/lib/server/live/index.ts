// What the app's wiring and other pillars use of live sales: the jobs to register, the hook that
// gives flash units back when a live order is cancelled, and the pages that take photos.
export { endOverrunSalesJob } from './schedule';
export { sendRemindersJob } from './reminders';
export { giveFlashUnitsBack } from './buying';
export { liveUploadRoutes } from './upload-routes';
