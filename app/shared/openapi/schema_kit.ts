/*
| Building blocks of the OpenAPI document (JSON Schema 2020-12 inside OpenAPI 3.1): small helpers so
| each path file reads like the controller it describes.
*/
export type Schema = Record<string, unknown>

export interface Operation {
  'summary': string
  'description'?: string
  'tags': string[]
  'security'?: Record<string, string[]>[]
  'parameters'?: unknown[]
  'requestBody'?: unknown
  'responses': Record<string, unknown>
  /** Staff API: the token scope the route needs. */
  'x-scope'?: string
}

export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'delete', Operation>>

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
export const id: Schema = { type: 'integer', minimum: 1 }
export const count: Schema = { type: 'integer', minimum: 0 }
export const amount: Schema = { type: 'integer', minimum: 0 }
export const isoOrNull: Schema = { type: ['string', 'null'], format: 'date-time' }
export const hex = (length: number): Schema => ({
  type: 'string',
  pattern: `^[0-9a-f]{${length}}$`,
})

/** An object with exactly these properties, all required (`optional` ones may be left out). */
export function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    properties,
    additionalProperties: false,
  }
}

export function json(description: string, schema: Schema) {
  return { description, content: { 'application/json': { schema } } }
}

/** An `{error, message, details?}` answer; `codes` are the `error` values it may carry. */
export function error(description: string, codes?: string[]) {
  if (!codes) return json(description, ref('Error'))
  return json(description, {
    allOf: [ref('Error'), { type: 'object', properties: { error: { enum: codes } } }],
  })
}

export function body(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } }
}

export function pathId(name = 'id') {
  return { name, in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }
}

/** 415 before any controller: `/api` writes take JSON only (api_json_only_middleware). */
export const notJson = error('unsupported_media_type: send the body as JSON', [
  'unsupported_media_type',
])

export const validationFailed = error(
  'validation_failed: `details` lists the fields and rules (VineJS messages)',
  ['validation_failed']
)
export const notFound = error('Unknown, draft or malformed id', ['not_found'])
