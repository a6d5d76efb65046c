/**
 * Typed errors of the wire protocol (protocol.md v1). Isomorphic: no Node APIs.
 *
 * Every error carries a stable machine `code` (snake_case) so callers map it to an HTTP answer
 * or a UI message without parsing text.
 */
export class ProtocolError extends Error {
  readonly code: string

  constructor(code: string, message: string) {
    super(message)
    this.name = 'ProtocolError'
    this.code = code
  }
}

/** Malformed bytes, hex, base64 or CBOR (not canonical, wrong type, trailing bytes…). */
export class EncodingError extends ProtocolError {
  constructor(code: string, message: string) {
    super(code, message)
    this.name = 'EncodingError'
  }
}

export type PointErrorCode =
  'bad_length' | 'bad_encoding' | 'not_on_curve' | 'not_in_subgroup' | 'identity'

/** A curve point (blinded message, blind signature, credential, public key) that must be refused. */
export class InvalidPointError extends ProtocolError {
  declare readonly code: PointErrorCode

  constructor(code: PointErrorCode, message: string) {
    super(code, message)
    this.name = 'InvalidPointError'
  }
}

/** A ballot or transaction whose bytes do not follow the v1 shape exactly. */
export class BallotFormatError extends ProtocolError {
  constructor(code: string, message: string) {
    super(code, message)
    this.name = 'BallotFormatError'
  }
}
