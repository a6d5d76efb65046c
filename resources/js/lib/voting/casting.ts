/*
| What the voting page needs only once a resident casts or resumes a vote — the state machine,
| its IndexedDB store and HTTP client — loaded on demand like the crypto, to keep the page within
| the bundle budget (bin/bundle_budget.js).
*/
export { advance, recordId, startVote, VoteError } from './vote_flow'
export { forgetVote, indexedDbStore } from './vote_store'
export { browserApi } from './vote_api'
