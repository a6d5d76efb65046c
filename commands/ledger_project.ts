export { default } from '#ledger/commands/project'
