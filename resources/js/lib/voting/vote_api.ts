import type { Answer, VoteApi } from './vote_flow'

/*
| HTTP calls of the voting page. The credential request is the only one tied to the session
| (cookie + CSRF header, on the non-API route, app/voting/README.md). Ballot and status calls go
| WITHOUT cookies (`credentials: 'omit'`): nothing in them links the ballot to the resident.
*/
function xsrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/)
  return match ? decodeURIComponent(match[1]) : ''
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  try {
    const response = await fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...(init.headers ?? {}) },
    })
    const text = await response.text()
    let body: Answer['body'] = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = null
    }
    const retryAfter = Number(response.headers.get('retry-after'))
    return {
      status: response.status,
      body,
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    }
  } catch {
    return { status: 0, body: null, retryAfterSeconds: null }
  }
}

const JSON_TYPE = { 'content-type': 'application/json' }
const STATUS_WAIT_SECONDS = 25

export function browserApi(): VoteApi {
  return {
    credential(campaignId, blinded, age) {
      return call(`/campaigns/${campaignId}/credential`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { ...JSON_TYPE, 'x-xsrf-token': xsrfToken() },
        body: JSON.stringify(age === null ? { blinded } : { blinded, age }),
      })
    },
    submitBallot(campaignId, ballot, signature) {
      return call(`/api/v1/campaigns/${campaignId}/ballots`, {
        method: 'POST',
        credentials: 'omit',
        headers: JSON_TYPE,
        body: JSON.stringify({ ballot, signature }),
      })
    },
    ballotStatus(ballotHash) {
      // A long poll: the server answers when the ballot is decided (or after 25 s, still pending).
      const url = `/api/v1/ballots/${ballotHash}?wait=${STATUS_WAIT_SECONDS}`
      return call(url, { method: 'GET', credentials: 'omit' })
    },
  }
}
