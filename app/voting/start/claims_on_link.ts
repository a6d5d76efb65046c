import { onIdentifiersLinked } from '#identity/identifier_hooks'
import { extendClaimsToNewRefs } from '#voting/person_claims'

/* A credential taken before a resident linked another identifier holds that identifier too. */
onIdentifiersLinked('voting.claims', extendClaimsToNewRefs)
