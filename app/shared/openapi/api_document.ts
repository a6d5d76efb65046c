/*
| The OpenAPI 3.1 description of the whole JSON API — public, residents', terminals' and staff —
| served at GET /api/openapi.json and browsable at /developers/api. Written by hand from the
| controllers; tests/functional/shared/openapi_contract.spec.ts fails when a router `/api` route
| is missing here (or a documented one does not exist) and checks real answers of every route,
| errors included, against the schema of their status (ajv, JSON Schema 2020-12).
*/
import { publicPaths, publicSchemas } from '#shared/openapi/public_paths'
import { residentPaths, residentSchemas, terminalPaths } from '#shared/openapi/resident_paths'
import { staffPaths, staffSchemas } from '#shared/openapi/staff_paths'
import { trusteePaths, trusteeSchemas } from '#shared/openapi/trustee_paths'
import {
  decryptionPaths,
  decryptionSchemas,
  trusteeSecurityScheme,
} from '#shared/openapi/decryption_paths'
import type { PathItem } from '#shared/openapi/schema_kit'

export const apiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Civic Budget API',
    version: '1',
    description:
      'JSON over HTTPS. Texts are in the Accept-Language locale (en, ru, uk). Errors are ' +
      '`{error, message, details?}`: branch on `error`. Public reads may be fetched from any site ' +
      '(Access-Control-Allow-Origin: *); writes take JSON bodies only and refuse other sites. ' +
      'The wire protocol (credentials, ballots, receipts) is docs/protocol.md.',
  },
  servers: [{ url: '/api' }],
  tags: [
    { name: 'public', description: 'Read-only, no authentication, readable from other sites' },
    { name: 'residents', description: 'Sign-in by SMS code, the credential, the ballot' },
    {
      name: 'terminals',
      description: 'Kiosk and bank terminals (Authorization: Terminal <token>)',
    },
    { name: 'staff', description: "Scripts of the city's staff (staff API tokens with scopes)" },
    {
      name: 'trustees',
      description: "An encrypted campaign's trustees run the key ceremony (invite tokens)",
    },
  ],
  paths: {
    ...publicPaths,
    ...residentPaths,
    ...terminalPaths,
    ...staffPaths,
    ...trusteePaths,
    ...decryptionPaths,
  } as Record<string, PathItem>,
  components: {
    schemas: {
      ...publicSchemas,
      ...residentSchemas,
      ...staffSchemas,
      ...trusteeSchemas,
      ...decryptionSchemas,
    },
    securitySchemes: {
      residentBearer: {
        type: 'http',
        scheme: 'bearer',
        description: 'The token of POST /v1/auth/sms/verify (12 hours)',
      },
      terminalToken: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: '`Terminal <token>`: the token shown once on /staff/terminals',
      },
      staffApiToken: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'cbs_…',
        description: 'A staff API token made on /staff/api-tokens, with scopes and an expiry',
      },
      trusteeToken: trusteeSecurityScheme,
    },
  },
}
