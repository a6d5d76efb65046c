export async function runBench(_f: unknown): Promise<number> {
  process.stderr.write('bench: not yet\n');
  return 2;
}
