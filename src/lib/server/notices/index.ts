// What other pillars use of notices.
export { writeNotice } from './notices';
