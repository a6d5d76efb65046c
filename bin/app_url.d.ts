export function appUrl(
  env: Record<string, string | undefined>,
  fileEnv?: Record<string, string | undefined>
): string
