import string from '@adonisjs/core/helpers/string'

/** Russian and Ukrainian letters in Latin (a simplified BGN/PCGN romanization, as cities use in URLs). */
const CYRILLIC: Record<string, string> = {
  'а': 'a',
  'б': 'b',
  'в': 'v',
  'г': 'g',
  'ґ': 'g',
  'д': 'd',
  'е': 'e',
  'ё': 'yo',
  'є': 'ye',
  'ж': 'zh',
  'з': 'z',
  'и': 'i',
  'і': 'i',
  'ї': 'yi',
  'й': 'y',
  'к': 'k',
  'л': 'l',
  'м': 'm',
  'н': 'n',
  'о': 'o',
  'п': 'p',
  'р': 'r',
  'с': 's',
  'т': 't',
  'у': 'u',
  'ф': 'f',
  'х': 'kh',
  'ц': 'ts',
  'ч': 'ch',
  'ш': 'sh',
  'щ': 'shch',
  'ъ': '',
  'ы': 'y',
  'ь': '',
  'э': 'e',
  'ю': 'yu',
  'я': 'ya',
  "'": '',
  '’': '',
  'ʼ': '',
}

/**
 * A URL slug of free text: markup dropped (tags and entities, never spelt out as
 * "less…greater"), Cyrillic transliterated, then lowercase `a-z0-9` words joined by
 * hyphens, at most `maxLength` characters. May be empty (nothing Latin-like in the text).
 */
export function slugOf(text: string, maxLength = 70): string {
  const plain = text
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&[#a-z0-9]+;/gi, ' ')
    .replace(/[<>&]/g, ' ')
    .toLowerCase()
  const latin = [...plain].map((char) => CYRILLIC[char] ?? char).join('')
  return string
    .slug(latin, { lower: true })
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '')
}
