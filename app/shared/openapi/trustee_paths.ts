/*
| The trustee API (`/api/v1/trustee/…`, app/trustees/README.md "Trustee API"): a campaign's trustee
| with the invite token of their link (`Authorization: Bearer <token>`) runs the key ceremony. Records
| are hex bytes of the protocol's encodings (docs/protocol.md "Threshold encryption"). 20 failed
| tokens from one address in 15 minutes, 429.
*/
import {
  body,
  count,
  error,
  id,
  isoOrNull,
  json,
  notJson,
  object,
  ref,
  type Operation,
  type PathItem,
  type Schema,
} from '#shared/openapi/schema_kit'

const recordHex: Schema = { type: 'string', pattern: '^(?:[0-9a-f]{2})+$' }

export const trusteeSchemas: Record<string, Schema> = {
  TrusteeCeremony: object({
    campaign: object({ id, title: { type: 'string' } }),
    campaignId: id,
    index: id,
    threshold: id,
    trustees: id,
    status: { enum: ['keys', 'dealing', 'review', 'complete', 'failed'] },
    deadlineAt: isoOrNull,
    electionKey: { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' },
    fingerprint: { type: ['string', 'null'] },
    paddedLength: { type: ['integer', 'null'], minimum: 1 },
    outcome: {
      type: ['object', 'null'],
      description:
        'Once finished: `qualified`, `excluded` ({dealer, reason, complainer?}), `absent`; `reason` when failed',
    },
    todo: {
      enum: [
        'key',
        'wait_keys',
        'deal',
        'wait_dealings',
        'review',
        'wait_completion',
        'done',
        'failed',
      ],
    },
    decryptionOpen: {
      type: 'boolean',
      description:
        'The ceremony is complete and voting has closed: decryption shares are taken now (`POST /v1/trustee/shares`)',
    },
    steps: {
      type: 'array',
      items: object({
        index: id,
        name: { type: 'string' },
        key: { type: 'boolean' },
        dealt: { type: 'boolean' },
        reviewed: { type: 'boolean' },
        complaints: count,
      }),
    },
    keys: { type: 'array', items: { anyOf: [recordHex, { type: 'null' }] } },
    dealings: { type: 'array', items: recordHex },
    complaints: { type: 'array', items: recordHex },
  }),
}

const unauthorized = error(
  'unauthorized: no invite token, or an unknown or replaced one (WWW-Authenticate: Bearer)',
  ['unauthorized']
)
const tooManyFailures = error(
  'rate_limited: 20 failed tokens from this address in 15 minutes (Retry-After, ' +
    '`details.retryAfterSeconds`)',
  ['rate_limited']
)
const notNow = error(
  'wrong_stage (`details.status`), no_ceremony, no_ledger or records_pending (a key before the ' +
    "ceremony's restart record is on the ledger): not now",
  ['wrong_stage', 'no_ceremony', 'no_ledger', 'records_pending']
)
const created = json('Accepted and queued for the ledger', object({ ok: { const: true } }))

function trusteeOperation(operation: Omit<Operation, 'tags' | 'security'>): Operation {
  return {
    ...operation,
    tags: ['trustees'],
    security: [{ trusteeToken: [] }],
    responses: { ...operation.responses, 401: unauthorized, 429: tooManyFailures },
  }
}

const recordPost = (summary: string, description: string, codes: string[]) =>
  trusteeOperation({
    summary,
    description,
    requestBody: body(object({ record: recordHex })),
    responses: {
      201: created,
      409: notNow,
      415: notJson,
      422: error('validation_failed, or the record is refused (`error` says why)', [
        'validation_failed',
        ...codes,
      ]),
    },
  })

export const trusteePaths: Record<string, PathItem> = {
  '/v1/trustee/ceremony': {
    get: trusteeOperation({
      summary: 'The key ceremony as this trustee sees it: stage, steps, what to do, every record',
      responses: { 200: json('The ceremony', ref('TrusteeCeremony')), 409: notNow },
    }),
  },
  '/v1/trustee/key': {
    post: recordPost(
      'Send my trustee-key record (stage keys)',
      'Decoded strictly; my index and campaign; the proof of knowledge valid; once.',
      ['bad_record', 'wrong_campaign', 'wrong_trustee', 'bad_proof', 'already_posted']
    ),
  },
  '/v1/trustee/dealing': {
    post: recordPost(
      'Send my dkg-dealing record (stage dealing: every key is recorded)',
      'Well-formed for the recorded keys (`details.reason` = the defect), mine, once.',
      ['bad_record', 'wrong_campaign', 'wrong_trustee', 'bad_dealing', 'already_posted']
    ),
  },
  '/v1/trustee/review': {
    post: trusteeOperation({
      summary: 'Send my review: a dkg-complaint for each dealing whose share for me is wrong',
      description:
        'Stage review. Each complaint mine, about a dealing on record (not mine), one per dealer, judgeable (not `invalid_complaint`); `details.complaint` = the position of a refused one. Once.',
      requestBody: body(object({ complaints: { type: 'array', items: recordHex, maxItems: 64 } })),
      responses: {
        201: created,
        409: notNow,
        415: notJson,
        422: error('validation_failed, or a complaint is refused (`error` says why)', [
          'validation_failed',
          'bad_record',
          'wrong_campaign',
          'wrong_trustee',
          'unknown_dealing',
          'duplicate_complaint',
          'bad_complaint',
          'already_posted',
        ]),
      },
    }),
  },
}
