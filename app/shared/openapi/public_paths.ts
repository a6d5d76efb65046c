/*
| The public JSON API: the read-only routes other sites may fetch (the CORS allow-list of
| app/middleware/public_api_cors_middleware.ts). Written by hand from the controllers; amounts are
| integers in the currency's smallest unit; ids are positive integers.
*/
import {
  amount,
  count,
  error,
  hex,
  id,
  isoOrNull,
  json,
  notFound,
  object,
  pathId,
  ref,
  type Operation,
  type PathItem,
  type Schema,
} from '#shared/openapi/schema_kit'

/** A campaign in the path: its id or its slug. */
const campaignRef = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'id or slug',
  schema: { type: 'string' },
}

const STAGES = ['ideas', 'review', 'voting', 'results', 'implementation', 'finished']

export const publicSchemas: Record<string, Schema> = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', description: 'A stable code: branch on it, never on `message`.' },
      message: { type: 'string', description: 'Localized (Accept-Language).' },
      details: {
        type: ['object', 'array'],
        description: 'Depends on `error`: e.g. `{retryAfterSeconds}`, or the field messages.',
      },
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
      'encryption',
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
      encryption: {
        description: 'null: ballots in clear (v1); else ballots v2 encrypted to electionKey',
        oneOf: [
          { type: 'null' },
          object({
            electionKey: hex(64),
            paddedLength: count,
            threshold: count,
            trustees: count,
          }),
        ],
      },
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
      'sealed',
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
      sealed: {
        type: 'boolean',
        description:
          'an encrypted campaign not yet decrypted: turnout only, projects/pots/districts empty',
      },
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
      verdict: {
        description: 'A committed ballot of an encrypted campaign: what its decryption made of it',
        type: 'object',
        required: ['status', 'message'],
        properties: {
          status: { enum: ['pending', 'counted', 'spoiled'] },
          reason: {
            enum: [
              'invalid_proof',
              'not_enough_shares',
              'undecryptable',
              'bad_padding',
              'bad_choices',
              'rule_violation',
              'other',
            ],
          },
          message: { type: 'string' },
        },
      },
    },
  },
}

function get(
  summary: string,
  responses: Record<string, unknown>,
  parameters: unknown[] = []
): PathItem {
  const operation: Operation = { summary, tags: ['public'], parameters, responses }
  return { get: operation }
}

export const publicPaths: Record<string, PathItem> = {
  '/openapi.json': get('This document (OpenAPI 3.1)', {
    200: json('The document', {
      type: 'object',
      required: ['openapi', 'info', 'paths'],
      properties: { openapi: { const: '3.1.0' } },
    }),
  }),
  '/v1/campaigns': get('Published campaigns, newest first (at most 1000)', {
    200: json('Campaigns', { type: 'array', items: ref('CampaignSummary') }),
  }),
  '/v1/campaigns/{id}': get(
    'The public campaign: pots, ballot rules, projects on the ballot',
    { 200: json('The campaign', ref('PublicCampaign')), 404: notFound },
    [campaignRef]
  ),
  '/v1/campaigns/{id}/projects': get(
    'The projects on the ballot (optional search: q, potId, …)',
    {
      200: json('Projects', { type: 'array', items: ref('Project') }),
      404: notFound,
      422: error('Bad search parameters'),
    },
    [campaignRef]
  ),
  '/v1/projects/{id}': get(
    'One project on a ballot',
    { 200: json('The project', ref('Project')), 404: notFound },
    [pathId()]
  ),
  '/v1/campaigns/{id}/progress': get(
    'Implementation progress of the funded projects',
    { 200: json('Progress', { type: 'array', items: ref('ProjectProgress') }), 404: notFound },
    [campaignRef]
  ),
  '/v1/campaigns/{id}/results': get(
    'Live results (counts from the ledger projection); `ETag` (weak) and `Cache-Control: public, no-cache`',
    {
      200: json('Results', ref('Results')),
      304: { description: 'Not modified: `If-None-Match` holds the current ETag (no body)' },
      403: error('results_hidden: live counts hidden while voting', ['results_hidden']),
      404: notFound,
    },
    [
      campaignRef,
      {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        schema: { type: 'string' },
        description: 'The ETag of an earlier answer: 304 while the results are unchanged.',
      },
    ]
  ),
  '/v1/ballots/{ballotHash}': get(
    'The status of a ballot by its hash (a long poll of up to 2 s)',
    {
      200: json('Status', ref('BallotStatus')),
      404: error('Unknown ballot', ['not_found']),
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
  '/v1/ledger/genesis': get('The ledger genesis file the app trusts (docs/protocol.md "Genesis")', {
    200: json('Genesis', { type: 'object' }),
    503: error('ledger_unavailable: no genesis configured', ['ledger_unavailable']),
  }),
}
