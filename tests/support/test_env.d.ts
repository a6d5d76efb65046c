export const PREFERRED_TEST_PORT: number
export function checkoutTag(root?: string): string
export function testDatabaseName(root?: string): string
export function prepareTestEnv(): void
export function startOnFreePort<T>(start: () => Promise<T>): Promise<T>
