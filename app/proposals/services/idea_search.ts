/*
| Full-text search over ideas (PostgreSQL tsvector, GIN index on ideas.search_vector).
|
| Each idea is indexed in its author's language (`ideas.search_language`, a regconfig):
| en → english, ru → russian (Snowball stemmers), uk → cb_ukrainian. PostgreSQL has no
| Ukrainian stemmer: cb_ukrainian is a copy of `simple` (whole lower-cased words), and a
| query is also turned into a prefix query in which each word loses its common Ukrainian
| (and Russian) inflection ending — "майданчик" → 'майданчик':*, "дитячий" → 'дитяч':* —
| which finds "майданчика", "дитячого". A query is matched in all three ways at once
| (english OR russian OR prefix), so it needs no language hint and uses the GIN index.
*/
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type Idea from '#proposals/models/idea'

export const SEARCH_LANGUAGES: Record<string, string> = {
  en: 'english',
  ru: 'russian',
  uk: 'cb_ukrainian',
}

export function searchLanguageFor(locale: string | null | undefined): string {
  return SEARCH_LANGUAGES[locale ?? 'en'] ?? 'simple'
}

const QUERY_LENGTH_MAX = 200
const WORDS_MAX = 8
/** Longest first, so "ого" is stripped before "о". */
const ENDINGS = [
  'ими',
  'ого',
  'ому',
  'ою',
  'ої',
  'ій',
  'ий',
  'их',
  'ім',
  'ам',
  'ах',
  'ів',
  'ей',
  'ая',
  'ое',
  'ые',
  'ый',
  'ом',
  'ем',
  'и',
  'і',
  'ї',
  'а',
  'я',
  'у',
  'ю',
  'о',
  'е',
  'ь',
  'й',
  'ы',
].sort((a, b) => b.length - a.length)
const STEM_LENGTH_MIN = 3

/** The query's words, lower-cased letters and digits only (safe inside to_tsquery). */
export function queryWords(query: string): string[] {
  const words =
    query
      .slice(0, QUERY_LENGTH_MAX)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  return words.filter((word) => word.length >= 2).slice(0, WORDS_MAX)
}

/** Crude stem for the `simple`-indexed (Ukrainian) ideas: strip one inflection ending. */
export function prefixStem(word: string): string {
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= STEM_LENGTH_MIN) {
      return word.slice(0, -ending.length)
    }
  }
  return word
}

/** `to_tsquery('simple', …)` text: every word's stem as a prefix, all required. */
export function prefixQuery(query: string): string | null {
  const words = queryWords(query)
  if (words.length === 0) return null
  return words.map((word) => `${prefixStem(word)}:*`).join(' & ')
}

/** SQL for the combined tsquery and its bindings, or null when the query has no words. */
export function tsQuery(query: string): { sql: string; bindings: string[] } | null {
  const prefix = prefixQuery(query)
  if (prefix === null) return null
  const text = queryWords(query).join(' ')
  return {
    sql: `(websearch_to_tsquery('english', ?) || websearch_to_tsquery('russian', ?) || to_tsquery('simple', ?))`,
    bindings: [text, text, prefix],
  }
}

/** Restricts to ideas matching `query`, ranked first when `rank` (title > description). */
export function applySearch(
  builder: ModelQueryBuilderContract<typeof Idea>,
  query: string,
  rank: boolean
): boolean {
  const ts = tsQuery(query)
  if (!ts) return false
  builder.whereRaw(`ideas.search_vector @@ ${ts.sql}`, ts.bindings)
  if (rank) {
    builder.orderByRaw(`ts_rank(ideas.search_vector, ${ts.sql}) DESC`, ts.bindings)
  }
  return true
}
