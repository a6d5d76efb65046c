export { default } from '#ledger/commands/flush'
