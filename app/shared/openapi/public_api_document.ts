/*
| OpenAPI 3.1 description of the public JSON API (the routes other sites may read: the CORS
| allow-list of app/middleware/public_api_cors_middleware.ts), served at GET /api/openapi.json.
| Written by hand from the controllers; tests/functional/shared/openapi_contract.spec.ts checks real
| answers of every path against it (ajv, JSON Schema 2020-12), so a drift fails the tests.
| Amounts are integers in the currency's smallest unit; ids are positive integers.
*/
type Schema = Record<string, unknown>

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const id: Schema = { type: 'integer', minimum: 1 }
const count: Schema = { type: 'integer', minimum: 0 }
const amount: Schema = { type: 'integer', minimum: 0 }
const isoOrNull: Schema = { type: ['string', 'null'], format: 'date-time' }
const STAGES = ['ideas', 'review', 'voting', 'results', 'implementation', 'finished']

function object(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return {
    type: 'object',
    required: Object.keys(properties),
    properties,
    additionalProperties: false,
    ...extra,
  }
}

const schemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', description: 'A stable code: branch on it, never on `message`.' },
      message: { type: 'string', description: 'Localized (Accept-Language).' },
      details: { type: 'object' },
    },
  },
  CampaignSummary: object({
    id,
    slug: { type: 'string' },
    title: { type: 'string' },
    stage: { enum: STAGES },
    communityId: id,
  }),
  BallotRule: {
    type: 'object',
    required: ['kind'],
    properties: { kind: { enum: ['approval', 'knapsack', 'cumulative', 'ranked'] } },
  },
  PublicCampaign: {
    description:
      'protocol.md "The public campaign". Modules may add fields (e.g. currency), so more are allowed.',
    type: 'object',
    required: [
      'id',
      'slug',
      'title',
      'stage',
      'votingOpensAt',
      'votingClosesAt',
      'registrarPublicKey',
      'pots',
      'projects',
    ],
    properties: {
      id,
      slug: { type: 'string' },
      title: { type: 'string' },
      stage: { enum: STAGES },
      votingOpensAt: isoOrNull,
      votingClosesAt: isoOrNull,
      registrarPublicKey: { type: ['string', 'null'], pattern: '^[0-9a-f]{96}$' },
      pots: {
        type: 'array',
        items: object({ id, name: { type: 'string' }, budget: amount, rule: ref('BallotRule') }),
      },
      projects: {
        type: 'array',
        items: object({ id, title: { type: 'string' }, cost: amount, potId: id }),
      },
    },
  },
  Project: object({
    id,
    campaignId: id,
    ideaId: id,
    title: { type: 'string' },
    cost: amount,
    potId: id,
    position: count,
  }),
  ProjectProgress: object({
    projectId: id,
    title: { type: 'string' },
    cost: amount,
    status: { type: 'string' },
    progressPercent: { type: 'integer', minimum: 0, maximum: 100 },
    milestones: {
      type: 'array',
      items: object({
        date: { type: 'string' },
        description: { type: 'string' },
        photos: { type: 'array', items: { type: 'string' } },
      }),
    },
  }),
  Results: {
    type: 'object',
    required: [
      'ballots',
      'projects',
      'pots',
      'channels',
      'updatedAtHeight',
      'districts',
      'outcome',
    ],
    additionalProperties: false,
    properties: {
      ballots: count,
      projects: {
        type: 'array',
        items: object({ id, votes: count, points: count }),
      },
      pots: { type: 'array', items: object({ id, ballots: count }) },
      channels: {
        type: 'object',
        required: ['online', 'terminal', 'paper'],
        additionalProperties: false,
        properties: { online: count, terminal: count, paper: count, import: count },
      },
      updatedAtHeight: count,
      districts: {
        type: 'array',
        items: object({
          id,
          name: { type: 'string' },
          population: count,
          ballots: count,
          perThousand: { type: ['number', 'null'] },
        }),
      },
      outcome: {
        oneOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['rule', 'publishedAt', 'pots'],
            properties: {
              rule: { type: 'string' },
              publishedAt: { type: 'string' },
              pots: { type: 'array', items: { type: 'object' } },
            },
          },
        ],
      },
    },
  },
  BallotStatus: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { enum: ['pending', 'committed', 'rejected'] },
      receipt: { type: 'object' },
      reason: { type: 'string' },
    },
  },
}

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'integer', minimum: 1 },
}

function json(description: string, schema: Schema) {
  return { description, content: { 'application/json': { schema } } }
}

const notFound = json('Unknown, draft or malformed id', ref('Error'))

function get(summary: string, responses: Record<string, unknown>, parameters: unknown[] = []) {
  return { get: { summary, parameters, responses } }
}

export const publicApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Civic Budget public API',
    version: '1',
    description:
      'Read-only JSON any site may fetch (Access-Control-Allow-Origin: *, no credentials). ' +
      'Texts are in the Accept-Language locale (en, ru, uk). The wire protocol (credentials, ' +
      'ballots, receipts) is docs/protocol.md.',
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    '/campaigns': get('Published campaigns, newest first (at most 1000)', {
      200: json('Campaigns', { type: 'array', items: ref('CampaignSummary') }),
    }),
    '/campaigns/{id}': get(
      'The public campaign: pots, ballot rules, projects on the ballot',
      { 200: json('The campaign', ref('PublicCampaign')), 404: notFound },
      [idParameter]
    ),
    '/campaigns/{id}/projects': get(
      'The projects on the ballot (optional search: q, potId, …)',
      {
        200: json('Projects', { type: 'array', items: ref('Project') }),
        404: notFound,
        422: json('Bad search parameters', ref('Error')),
      },
      [idParameter]
    ),
    '/projects/{id}': get(
      'One project on a ballot',
      { 200: json('The project', ref('Project')), 404: notFound },
      [idParameter]
    ),
    '/campaigns/{id}/progress': get(
      'Implementation progress of the funded projects',
      { 200: json('Progress', { type: 'array', items: ref('ProjectProgress') }), 404: notFound },
      [idParameter]
    ),
    '/campaigns/{id}/results': get(
      'Live results (counts from the ledger projection)',
      {
        200: json('Results', ref('Results')),
        403: json('results_hidden: live counts hidden while voting', ref('Error')),
        404: notFound,
      },
      [idParameter]
    ),
    '/ballots/{ballotHash}': get(
      'The status of a ballot by its hash (a long poll of up to 2 s)',
      {
        200: json('Status', ref('BallotStatus')),
        404: json('Unknown ballot', ref('Error')),
      },
      [
        {
          name: 'ballotHash',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      ]
    ),
    '/ledger/genesis': get('The ledger genesis file the app trusts (docs/protocol.md "Genesis")', {
      200: json('Genesis', { type: 'object' }),
      503: json('ledger_unavailable: no genesis configured', ref('Error')),
    }),
  },
  components: { schemas },
} as const
