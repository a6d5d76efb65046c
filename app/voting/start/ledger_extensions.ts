import { registerChannelResolver } from '#ledger/projection/channels'
import { channelsOf } from '#voting/ballot_channels'

/*
| The voting module's registration with the ledger projection: ballots its terminals submitted
| count in the results' `terminal` channel (the ledger itself cannot tell them from phone ballots).
| Loaded in every environment, so `node ace ledger:project` counts them too.
*/
registerChannelResolver(channelsOf, 'voting.terminal_ballots')
