/** Direct entry for development: `node ledger-node/dist/src/sim/main.js --seeds 1..10 …`. */
import { runSimulateCommand } from '../cli/simulate.js';
process.exitCode = await runSimulateCommand(process.argv.slice(2));
//# sourceMappingURL=main.js.map