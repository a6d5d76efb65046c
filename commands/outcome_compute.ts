export { default } from '#outcomes/commands/outcome_compute'
