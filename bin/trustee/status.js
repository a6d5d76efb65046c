export const description =
  'show the ceremony: stage, every trustee’s step, what you still have to do'

export async function run(cli) {
  const view = await cli.ceremony()
  cli.out(`campaign ${view.campaign.id}: ${view.campaign.title}`)
  cli.out(`you are trustee ${view.index} of ${view.trustees} (threshold ${view.threshold})`)
  cli.out(`stage: ${view.status}; to do: ${view.todo}`)
  for (const step of view.steps) {
    const done = [step.key && 'key', step.dealt && 'dealing', step.reviewed && 'review']
    cli.out(`  ${step.index}. ${step.name}: ${done.filter(Boolean).join(', ') || '—'}`)
  }
  if (view.fingerprint) cli.out(`election key fingerprint: ${view.fingerprint}`)
  if (view.status === 'complete') {
    cli.out(
      view.decryptionOpen
        ? 'decryption: open (run "decrypt" to post your shares)'
        : 'decryption: not open yet (it opens after voting closes)'
    )
  }
  if (view.outcome?.excluded?.length) {
    for (const e of view.outcome.excluded) cli.out(`excluded: trustee ${e.dealer} (${e.reason})`)
  }
}
