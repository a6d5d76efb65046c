/**
 * Independent protocol client — minimal CBOR (RFC 8949) for the v1 subset, written from protocol.md
 * alone: unsigned integers, byte strings, text strings and arrays; definite lengths; shortest heads.
 * The decoder refuses everything else (maps, tags, floats, negative numbers, indefinite lengths,
 * over-long heads, trailing bytes, invalid UTF-8). Deliberately shares no code with app/.
 */
export type Item = number | string | Uint8Array | Item[]

function head(major: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`cbor: bad length/uint ${n}`)
  const m = major << 5
  if (n < 24) return [m | n]
  if (n < 0x100) return [m | 24, n]
  if (n < 0x10000) return [m | 25, n >> 8, n & 0xff]
  if (n < 0x100000000)
    return [m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]
  const hi = Math.floor(n / 0x100000000)
  const lo = n >>> 0
  return [
    m | 27,
    (hi >>> 24) & 0xff,
    (hi >>> 16) & 0xff,
    (hi >>> 8) & 0xff,
    hi & 0xff,
    (lo >>> 24) & 0xff,
    (lo >>> 16) & 0xff,
    (lo >>> 8) & 0xff,
    lo & 0xff,
  ]
}

export function encode(item: Item): Uint8Array {
  const out: number[] = []
  const walk = (x: Item) => {
    if (typeof x === 'number') out.push(...head(0, x))
    else if (x instanceof Uint8Array) {
      out.push(...head(2, x.length))
      for (const b of x) out.push(b)
    } else if (typeof x === 'string') {
      const bytes = new TextEncoder().encode(x)
      out.push(...head(3, bytes.length))
      for (const b of bytes) out.push(b)
    } else if (Array.isArray(x)) {
      out.push(...head(4, x.length))
      for (const y of x) walk(y)
    } else throw new Error('cbor: unsupported value')
  }
  walk(item)
  return Uint8Array.from(out)
}

export function decode(bytes: Uint8Array): Item {
  let pos = 0
  const need = (n: number) => {
    if (pos + n > bytes.length) throw new Error('cbor: truncated')
  }
  const readHead = (): [number, number] => {
    need(1)
    const first = bytes[pos++]
    const major = first >> 5
    const info = first & 31
    if (info < 24) return [major, info]
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
    if (size === 0) throw new Error('cbor: indefinite or reserved length')
    need(size)
    let n = 0
    for (let i = 0; i < size; i++) n = n * 256 + bytes[pos++]
    if (!Number.isSafeInteger(n)) throw new Error('cbor: integer too large')
    const min = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 0x100000000
    if (n < min) throw new Error('cbor: not the shortest form')
    return [major, n]
  }
  const item = (depth: number): Item => {
    if (depth > 16) throw new Error('cbor: too deep')
    const [major, n] = readHead()
    switch (major) {
      case 0:
        return n
      case 2:
        need(n)
        pos += n
        return bytes.slice(pos - n, pos)
      case 3: {
        need(n)
        pos += n
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
          bytes.subarray(pos - n, pos)
        )
      }
      case 4: {
        const arr: Item[] = []
        for (let i = 0; i < n; i++) arr.push(item(depth + 1))
        return arr
      }
      default:
        throw new Error(`cbor: major type ${major} not allowed`)
    }
  }
  const result = item(0)
  if (pos !== bytes.length) throw new Error('cbor: trailing bytes')
  return result
}
