/*
 * Exact rational numbers over BigInt.
 *
 * Invariants (every instance): den > 0n, gcd(|num|, den) = 1n, zero is 0/1.
 * Instances are immutable; every operation returns a normalized value, so structural
 * equality (num, den) is numeric equality.
 */

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a
  if (b < 0n) b = -b
  while (b !== 0n) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

export function lcm(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n
  const g = gcd(a, b)
  const r = (a / g) * b
  return r < 0n ? -r : r
}

/** floor(a / b) for BigInt with b > 0 (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new Error('floorDiv: divisor must be positive')
  const q = a / b
  return a < 0n && q * b !== a ? q - 1n : q
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/
const FRACTION_PATTERN = /^([+-]?\d+)\/(\d+)$/

export class Rational {
  static readonly ZERO = new Rational(0n, 1n, true)
  static readonly ONE = new Rational(1n, 1n, true)

  readonly num: bigint
  readonly den: bigint

  private constructor(num: bigint, den: bigint, normalized: boolean) {
    if (!normalized) {
      if (den === 0n) throw new RangeError('Rational: zero denominator')
      if (den < 0n) {
        num = -num
        den = -den
      }
      const g = gcd(num, den)
      if (g > 1n) {
        num /= g
        den /= g
      }
      if (num === 0n) den = 1n
    }
    this.num = num
    this.den = den
  }

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    const n = typeof num === 'number' ? Rational.bigintFromSafeInteger(num) : num
    const d = typeof den === 'number' ? Rational.bigintFromSafeInteger(den) : den
    return new Rational(n, d, false)
  }

  static fromInteger(value: bigint | number): Rational {
    const n = typeof value === 'number' ? Rational.bigintFromSafeInteger(value) : value
    return new Rational(n, 1n, true)
  }

  private static bigintFromSafeInteger(value: number): bigint {
    if (!Number.isSafeInteger(value))
      throw new RangeError(`Rational: ${value} is not a safe integer`)
    return BigInt(value)
  }

  /**
   * Parses an exact decimal ("1234.50", "-3", ".5", "2.", "1e6", "1.5E-3") or a fraction ("3/4").
   * Surrounding whitespace is ignored. Returns null when the text is not a number.
   */
  static tryParse(text: string): Rational | null {
    const s = text.trim()
    if (s.length === 0) return null
    const fraction = FRACTION_PATTERN.exec(s)
    if (fraction) {
      const den = BigInt(fraction[2])
      if (den === 0n) return null
      return new Rational(BigInt(fraction[1]), den, false)
    }
    const m = DECIMAL_PATTERN.exec(s)
    if (!m) return null
    const intPart = m[2] ?? ''
    const fracPart = m[3] ?? ''
    if (intPart.length === 0 && fracPart.length === 0) return null
    let num = BigInt((intPart || '0') + fracPart)
    let den = 10n ** BigInt(fracPart.length)
    if (m[4] !== undefined) {
      const exp = Number(m[4])
      if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return null
      if (exp >= 0) num *= 10n ** BigInt(exp)
      else den *= 10n ** BigInt(-exp)
    }
    if (m[1] === '-') num = -num
    return new Rational(num, den, false)
  }

  /** Like tryParse but throws a RangeError naming the text. */
  static parse(text: string): Rational {
    const r = Rational.tryParse(text)
    if (r === null) throw new RangeError(`not a number: "${text}"`)
    return r
  }

  add(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num + o.num, 1n, true)
    return new Rational(this.num * o.den + o.num * this.den, this.den * o.den, false)
  }

  sub(o: Rational): Rational {
    if (this.den === 1n && o.den === 1n) return new Rational(this.num - o.num, 1n, true)
    return new Rational(this.num * o.den - o.num * this.den, this.den * o.den, false)
  }

  mul(o: Rational): Rational {
    return new Rational(this.num * o.num, this.den * o.den, false)
  }

  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError('Rational: division by zero')
    return new Rational(this.num * o.den, this.den * o.num, false)
  }

  neg(): Rational {
    return new Rational(-this.num, this.den, true)
  }

  /** -1, 0 or 1, exactly (cross multiplication, no floating point). */
  cmp(o: Rational): -1 | 0 | 1 {
    const l = this.num * o.den
    const r = o.num * this.den
    return l < r ? -1 : l > r ? 1 : 0
  }

  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den
  }

  lt(o: Rational): boolean {
    return this.cmp(o) < 0
  }

  lte(o: Rational): boolean {
    return this.cmp(o) <= 0
  }

  gt(o: Rational): boolean {
    return this.cmp(o) > 0
  }

  gte(o: Rational): boolean {
    return this.cmp(o) >= 0
  }

  isZero(): boolean {
    return this.num === 0n
  }

  isNegative(): boolean {
    return this.num < 0n
  }

  isInteger(): boolean {
    return this.den === 1n
  }

  floor(): bigint {
    return floorDiv(this.num, this.den)
  }

  static min(a: Rational, b: Rational): Rational {
    return a.cmp(b) <= 0 ? a : b
  }

  static max(a: Rational, b: Rational): Rational {
    return a.cmp(b) >= 0 ? a : b
  }

  static sum(values: Iterable<Rational>): Rational {
    let acc = Rational.ZERO
    for (const v of values) acc = acc.add(v)
    return acc
  }

  /** True when the value has a finite decimal expansion (denominator of the form 2^a·5^b). */
  isFiniteDecimal(): boolean {
    let d = this.den
    while (d % 2n === 0n) d /= 2n
    while (d % 5n === 0n) d /= 5n
    return d === 1n
  }

  /** Exact finite decimal ("1234.5", "-0.125", "7"), or null when the expansion is infinite. */
  toDecimalString(): string | null {
    if (this.den === 1n) return this.num.toString()
    if (!this.isFiniteDecimal()) return null
    let digits = 0
    let scale = 1n
    while (scale % this.den !== 0n) {
      scale *= 10n
      digits++
    }
    const negative = this.num < 0n
    const abs = (negative ? -this.num : this.num) * (scale / this.den)
    const s = abs.toString().padStart(digits + 1, '0')
    const text = `${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`.replace(
      /\.?0+$/,
      ''
    )
    return negative ? `-${text}` : text
  }

  /** Finite decimal when possible, else "num/den". */
  toString(): string {
    return this.toDecimalString() ?? `${this.num}/${this.den}`
  }

  /**
   * A JSON number: the integer itself when integral, else the exact finite decimal string converted
   * with Number(). Throws for values without a finite decimal expansion.
   */
  toJsonNumber(): number {
    if (this.den === 1n) return Number(this.num)
    const s = this.toDecimalString()
    if (s === null)
      throw new RangeError(`Rational ${this.num}/${this.den} has no finite decimal form`)
    return Number(s)
  }

  /** Approximate value, for display only; never used in a comparison. */
  toNumberApprox(): number {
    return Number(this.num) / Number(this.den)
  }

  toJSON(): string {
    return this.toString()
  }
}
