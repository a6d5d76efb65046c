export { default } from '#outcomes/commands/ledger_audit'
