/*
| The decryption of an encrypted campaign (app/trustees/README.md "Decryption"): the trustees' API
| (their invite token as a bearer token) and the public account of the decryption.
*/
import {
  body,
  count,
  error,
  id,
  json,
  notFound,
  notJson,
  object,
  pathId,
  validationFailed,
  type PathItem,
  type Schema,
} from '#shared/openapi/schema_kit'

const unauthorized = error('No or unknown trustee invite token', ['unauthorized'])
const throttled = error('rate_limited: 20 failed tokens from this address in 15 minutes', [
  'rate_limited',
])
const position: Schema = { type: 'integer', minimum: 0 }

export const decryptionSchemas: Record<string, Schema> = {
  DecryptionStatus: object({
    campaignId: id,
    threshold: id,
    trustees: id,
    ballots: count,
    decrypted: { type: 'boolean' },
    counted: { type: ['integer', 'null'], minimum: 0 },
    spoiled: { type: ['integer', 'null'], minimum: 0 },
    spoiledReasons: {
      type: 'array',
      items: object({ reason: { type: 'string' }, ballots: count }),
    },
    batches: {
      type: 'array',
      items: object({
        trustee: id,
        name: { type: 'string' },
        first: position,
        count: count,
        valid: { type: 'boolean' },
        badPositions: { type: 'array', items: position },
      }),
    },
  }),
}

export const decryptionPaths: Record<string, PathItem> = {
  '/v1/trustee/ballots': {
    get: {
      summary: "Up to 1,024 of the campaign's committed encrypted ballots from position `first`",
      tags: ['trustees'],
      security: [{ trusteeToken: [] }],
      parameters: [{ name: 'first', in: 'query', required: false, schema: position }],
      responses: {
        200: json(
          'Ballots (ballot v2 bytes, hex) and how many there are',
          object({
            campaignId: id,
            trustee: id,
            total: count,
            votingClosed: { type: 'boolean' },
            ballots: {
              type: 'array',
              items: object({ position, ballot: { type: 'string', pattern: '^[0-9a-f]+$' } }),
            },
          })
        ),
        401: unauthorized,
        422: validationFailed,
        429: throttled,
      },
    },
  },
  '/v1/trustee/shares': {
    post: {
      summary:
        'Post a decryption-shares record (docs/protocol.md "Decryption shares"): recorded and put on the ledger, valid or not',
      tags: ['trustees'],
      security: [{ trusteeToken: [] }],
      requestBody: body(object({ record: { type: 'string', pattern: '^[0-9a-fA-F]+$' } })),
      responses: {
        200: json(
          'Recorded: every share valid, or the positions whose share failed its proof (named publicly, not used)',
          {
            oneOf: [
              object({ verdict: { const: 'valid' } }),
              object({
                verdict: { const: 'invalid' },
                badPositions: { type: 'array', items: position },
              }),
            ],
          }
        ),
        401: unauthorized,
        409: error('Voting has not closed, or the ceremony cannot be read', [
          'voting_not_closed',
          'ceremony_unavailable',
        ]),
        415: notJson,
        422: error(
          'The record: malformed, another campaign or trustee, not the canonical range, already posted; or the body',
          [
            'malformed_record',
            'wrong_campaign',
            'wrong_trustee',
            'wrong_range',
            'duplicate_range',
            'validation_failed',
          ]
        ),
        429: throttled,
        503: error('No ledger signing key configured', ['ledger_unavailable']),
      },
    },
  },
  '/v1/campaigns/{id}/decryption': {
    get: {
      summary:
        "An encrypted campaign's decryption: each trustee's share batches with their verdict, counted and spoiled ballots",
      tags: ['public'],
      parameters: [pathId()],
      responses: {
        200: json('The decryption', { $ref: '#/components/schemas/DecryptionStatus' }),
        404: notFound,
      },
    },
  },
}

export const trusteeSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: "A trustee's invite token, shown once to the admin who named the trustee",
}
