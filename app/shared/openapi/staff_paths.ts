/*
| The staff API (`/api/v1/staff/…`): `Authorization: Bearer cbs_…`, a staff API token made on
| /staff/api-tokens with scopes and an expiry (app/identity/README.md "Staff API tokens"). Every
| route needs one scope (`x-scope`): without the token 401, without the scope 403; 20 failed
| tokens from one address in 15 minutes, 429.
*/
import {
  body,
  count,
  error,
  id,
  isoOrNull,
  json,
  notFound,
  notJson,
  object,
  pathId,
  ref,
  validationFailed,
  type Operation,
  type PathItem,
  type Schema,
} from '#shared/openapi/schema_kit'

const IDEA_STATUSES = ['published', 'in_review', 'on_ballot', 'rejected', 'hidden', 'merged']

export const staffSchemas: Record<string, Schema> = {
  StaffCampaign: object({
    id,
    slug: { type: 'string' },
    title: { type: 'string' },
    stage: {
      enum: ['drafting', 'ideas', 'review', 'voting', 'results', 'implementation', 'finished'],
    },
    communityId: id,
    stageDates: object({
      ideasOpensAt: isoOrNull,
      reviewOpensAt: isoOrNull,
      votingOpensAt: isoOrNull,
      votingClosesAt: isoOrNull,
      implementationOpensAt: isoOrNull,
      finishesAt: isoOrNull,
    }),
  }),
  StaffIdea: object({
    id,
    campaignId: id,
    title: { type: 'string' },
    excerpt: { type: 'string' },
    status: { enum: IDEA_STATUSES },
    categoryId: { type: ['integer', 'null'] },
    potId: { type: ['integer', 'null'] },
    districtId: { type: ['integer', 'null'] },
    estimatedCost: { type: ['integer', 'null'], minimum: 0 },
    supportCount: count,
    publishedAt: isoOrNull,
    latitude: { type: ['number', 'null'], minimum: -90, maximum: 90 },
    longitude: { type: ['number', 'null'], minimum: -180, maximum: 180 },
    hiddenReason: { type: ['string', 'null'] },
  }),
}

const unauthorized = error(
  'unauthorized: no token, or it is unknown, revoked or expired, or its maker is no longer an ' +
    'active unscoped admin (WWW-Authenticate: Bearer)',
  ['unauthorized']
)
const tooManyFailures = error(
  'rate_limited: 20 failed tokens from this address in 15 minutes (Retry-After, ' +
    '`details.retryAfterSeconds`)',
  ['rate_limited']
)
const noScope = error('insufficient_scope (`details.required`), or cross_site_request for writes', [
  'insufficient_scope',
  'cross_site_request',
])

function staffOperation(
  scope: string,
  operation: Omit<Operation, 'tags' | 'security' | 'x-scope'>
): Operation {
  return {
    ...operation,
    'description': `Scope \`${scope}\`.${operation.description ? ` ${operation.description}` : ''}`,
    'tags': ['staff'],
    'security': [{ staffApiToken: [] }],
    'x-scope': scope,
    'responses': {
      ...operation.responses,
      401: unauthorized,
      403: noScope,
      429: tooManyFailures,
    },
  }
}

const reasonBody = body(object({ reason: { type: 'string', minLength: 3, maxLength: 2000 } }))
const moderation = (summary: string) =>
  staffOperation('ideas:moderate', {
    summary,
    parameters: [pathId()],
    requestBody: reasonBody,
    responses: {
      200: json('The idea after the change', ref('StaffIdea')),
      404: notFound,
      409: error("wrong_status: not possible in the idea's status", ['wrong_status']),
      415: notJson,
      422: validationFailed,
    },
  })

export const staffPaths: Record<string, PathItem> = {
  '/v1/staff/campaigns': {
    get: staffOperation('read', {
      summary: 'Every campaign (drafts included) with its stage dates, newest first (at most 1000)',
      responses: { 200: json('Campaigns', { type: 'array', items: ref('StaffCampaign') }) },
    }),
  },
  '/v1/staff/campaigns/{id}/stage-dates': {
    put: staffOperation('campaigns:write', {
      summary: 'Change stage dates (a date left out stays, null clears it)',
      description:
        "The dates must keep their order (422 `date_order`). A date-time without offset is the city's wall-clock time (CITY_TIME_ZONE); one the clocks skip there is refused (422 `campaigns.time_skipped`). Audited as the token's maker.",
      parameters: [pathId()],
      requestBody: body(
        object(
          {
            ideasOpensAt: isoOrNull,
            reviewOpensAt: isoOrNull,
            votingOpensAt: isoOrNull,
            votingClosesAt: isoOrNull,
            implementationOpensAt: isoOrNull,
            finishesAt: isoOrNull,
          },
          [
            'ideasOpensAt',
            'reviewOpensAt',
            'votingOpensAt',
            'votingClosesAt',
            'implementationOpensAt',
            'finishesAt',
          ]
        )
      ),
      responses: {
        200: json('The campaign after the change', ref('StaffCampaign')),
        404: notFound,
        415: notJson,
        422: validationFailed,
      },
    }),
  },
  '/v1/staff/campaigns/{id}/ideas': {
    get: staffOperation('read', {
      summary: "A campaign's ideas except drafts, newest first (at most 1000)",
      parameters: [pathId()],
      responses: {
        200: json('Ideas', { type: 'array', items: ref('StaffIdea') }),
        404: notFound,
      },
    }),
  },
  '/v1/staff/ideas/{id}/hide': { post: moderation('Hide an idea with a reason its author sees') },
  '/v1/staff/ideas/{id}/unhide': { post: moderation('Show a hidden idea again') },
}
