// What the charity pages and other pillars use.
export { changeProjectState, createProject, findProject, maxProjectPhotos, takingGifts, type CharityProject } from './projects';
export { cancelGift, confirmGift, pledgeGift, type CharityGift } from './gifts';
export { appendLedgerEntry, ledgerKey, sealLedger, sealLedgers, sealLedgersJob, villageLedger } from './ledger';
export { approveDisbursement, maxReceiptPhotos, objectToDisbursement, payDueDisbursements, payDueDisbursementsJob, proposeDisbursement, rejectDisbursement, reverseEntry } from './disbursements';
export { consoleVillages, findCharityConsole, findProjectPage, listFinishedProjects, listOpenProjects, listVillageProjects, type CharityConsole, type ProjectPage } from './pages';
export { charityUploadRoutes } from './upload-routes';
export { findReceipt, readReceiptCode, type Receipt } from './receipts';
export { compareWithPoster, findCheckpoint, hasUnsealedEntries, listCheckpoints, sealLedgerNow, type Checkpoint, type PosterComparison } from './checkpoints';
