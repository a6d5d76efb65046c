/*
| The residents' JSON API (docs/protocol.md): SMS sign-in → bearer token, the credential, and the
| anonymous ballot route. Writes take JSON only and refuse other sites (403 cross_site_request,
| 415 unsupported_media_type: api_json_only_middleware).
*/
import {
  body,
  error,
  hex,
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

const tooMany = error('Too many requests: Retry-After and `details.retryAfterSeconds`', [
  'rate_limited',
  'resend_too_early',
])
const unauthorized = error('No valid bearer token', ['unauthorized'])

export const residentSchemas: Record<string, Schema> = {
  BlindSignature: object({
    blindSignature: {
      type: 'string',
      description: "The registrar's signature of the blinded point (hex)",
    },
  }),
}

const credentialErrors = {
  403: error('not_eligible (`details.reason`), or cross_site_request', [
    'not_eligible',
    'cross_site_request',
  ]),
  404: notFound,
  409: error('credential_already_issued, or voting_closed (`details.stage`)', [
    'credential_already_issued',
    'voting_closed',
  ]),
  415: notJson,
  422: error('validation_failed, or invalid_blinded (`details.code`)', [
    'validation_failed',
    'invalid_blinded',
  ]),
  429: error('rate_limited: Retry-After and `details.retryAfterSeconds`', ['rate_limited']),
}

export const residentPaths: Record<string, PathItem> = {
  '/v1/auth/sms': {
    post: {
      summary: 'Send a sign-in code by SMS (the same answer for known and new numbers)',
      tags: ['residents'],
      requestBody: body(object({ phone: { type: 'string', maxLength: 40 } })),
      responses: {
        202: json(
          'Code sent',
          object({
            requestId: { type: 'string', format: 'uuid' },
            expiresInSeconds: id,
            resendAfterSeconds: id,
          })
        ),
        403: error('cross_site_request', ['cross_site_request']),
        415: notJson,
        422: validationFailed,
        429: tooMany,
        503: error('sms_budget_spent or sms_unavailable (Retry-After)', [
          'sms_budget_spent',
          'sms_unavailable',
        ]),
      },
    },
  },
  '/v1/auth/sms/verify': {
    post: {
      summary: 'Check the code: a 12-hour bearer token',
      description:
        'Sending `{requestId, code}` accepts the current personal-data notice (/privacy); ' +
        '`acceptConsent: false` or a stale `consentVersion` → 422 consent_required, code still usable.',
      tags: ['residents'],
      requestBody: body(
        object(
          {
            requestId: { type: 'string', format: 'uuid' },
            code: { type: 'string' },
            acceptConsent: { type: 'boolean' },
            consentVersion: { type: 'string' },
          },
          ['acceptConsent', 'consentVersion']
        )
      ),
      responses: {
        200: json(
          'Signed in',
          object({ token: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } })
        ),
        403: error('cross_site_request', ['cross_site_request']),
        410: error('code_expired or too_many_attempts', ['code_expired', 'too_many_attempts']),
        415: notJson,
        422: error('validation_failed, invalid_code (`details.attemptsLeft`) or consent_required', [
          'validation_failed',
          'invalid_code',
          'consent_required',
        ]),
      },
    },
  },
  '/v1/me': {
    get: {
      summary: 'The signed-in resident (phone masked)',
      tags: ['residents'],
      security: [{ residentBearer: [] }],
      responses: {
        200: json(
          'The resident',
          object({
            id: { type: ['integer', 'string'] },
            phone: { type: 'string' },
            consentVersion: { type: ['string', 'null'] },
          })
        ),
        401: unauthorized,
      },
    },
  },
  '/v1/campaigns/{id}/credential': {
    post: {
      summary: 'A blind credential for the signed-in resident (once per campaign)',
      tags: ['residents'],
      security: [{ residentBearer: [] }],
      parameters: [pathId()],
      requestBody: body(
        object(
          {
            blinded: { type: 'string', maxLength: 400 },
            age: { type: 'integer', minimum: 0, maximum: 150 },
          },
          ['age']
        )
      ),
      responses: {
        200: json('Issued', { $ref: '#/components/schemas/BlindSignature' }),
        401: unauthorized,
        ...credentialErrors,
      },
    },
  },
  '/v1/campaigns/{id}/ballots': {
    post: {
      summary: 'Cast a ballot (anonymous: no cookies, no bearer)',
      description:
        'An optional `Authorization: Terminal <token>` marks the terminal channel. docs/protocol.md ' +
        '"Ballots" and app/voting/README.md "Answers".',
      tags: ['residents'],
      parameters: [pathId()],
      requestBody: body(object({ ballot: { type: 'string' }, signature: { type: 'string' } })),
      responses: {
        200: json('Committed', { type: 'object', required: ['receipt'] }),
        202: json(
          'Not committed yet: poll GET /v1/ballots/{ballotHash}',
          object({ ballotHash: hex(64), status: { const: 'pending' } })
        ),
        400: error('invalid_body: not a JSON object', ['invalid_body']),
        401: error('An unknown or revoked terminal token', ['unauthorized']),
        403: error('cross_site_request', ['cross_site_request']),
        404: notFound,
        409: error('duplicate_voter or voting_closed', ['duplicate_voter', 'voting_closed']),
        413: error('payload_too_large', ['payload_too_large']),
        415: notJson,
        422: error(
          'validation_failed, invalid_signature, invalid_credential, rule_violation (clear ballots); ' +
            'encrypted_campaign, not_encrypted_campaign, wrong_length, invalid_proof (ballot v2)',
          [
            'validation_failed',
            'invalid_signature',
            'invalid_credential',
            'rule_violation',
            'encrypted_campaign',
            'not_encrypted_campaign',
            'wrong_length',
            'invalid_proof',
          ]
        ),
        503: error('overloaded or ledger_unavailable (Retry-After)', [
          'overloaded',
          'ledger_unavailable',
        ]),
      },
    },
  },
}

export const terminalPaths: Record<string, PathItem> = {
  '/v1/terminal/campaigns/{id}/credential': {
    post: {
      summary: 'A blind credential for a person the terminal identified (phone and/or ID hash)',
      tags: ['terminals'],
      security: [{ terminalToken: [] }],
      parameters: [pathId()],
      requestBody: body(
        object(
          {
            phone: { type: 'string', maxLength: 40 },
            idHash: { type: 'string', maxLength: 200 },
            blinded: { type: 'string', maxLength: 400 },
          },
          ['phone', 'idHash']
        )
      ),
      responses: {
        200: json('Issued', { $ref: '#/components/schemas/BlindSignature' }),
        401: error('No, unknown or revoked terminal token', ['unauthorized']),
        ...credentialErrors,
      },
    },
  },
}
