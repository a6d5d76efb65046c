export const TEMP_DIR_PATTERN: RegExp
export function makeTempDir(prefix: 'cb-ledger-client' | 'civic-stack' | 'ledger-proc'): string
