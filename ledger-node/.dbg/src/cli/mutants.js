/**
 * `ledger-node mutants [--only NAME,…] [--jobs J] [--list]`
 *
 * The mutation suite (sim/mutants.ts): for each known-bad variant of the core, copies the compiled
 * `dist/src` to `ledger-node/.mutants/NAME/src`, applies its patches (each `find` must occur exactly
 * once, else the suite fails: the mutant no longer tests anything) and runs the simulator there with
 * the mutant's flags. A mutant is killed when the simulator reports a violating seed (it is stopped
 * at the first one). Prints one line per mutant and last `mutants: N, killed: K`; exit 0 only when
 * every mutant was killed, 1 otherwise, 2 on bad usage.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MUTANTS } from '../sim/mutants.js';
const USAGE = 'usage: ledger-node mutants [--only NAME,…] [--jobs J] [--list]';
const distSrc = fileURLToPath(new URL('../', import.meta.url));
const workRoot = fileURLToPath(new URL('../../../.mutants/', import.meta.url));
/** A mutant whose simulator run takes longer than this counts as survived (a hang is not a kill). */
const RUN_MS_MAX = 10 * 60_000;
/** Patched copy of dist/src; throws when a `find` text is missing or ambiguous. */
function build(m) {
    const dir = `${workRoot}${m.name}/`;
    rmSync(dir, { recursive: true, force: true });
    cpSync(distSrc, `${dir}src`, { recursive: true });
    for (const p of m.patches) {
        const path = `${dir}src/${p.file}`;
        const text = readFileSync(path, 'utf8');
        const count = text.split(p.find).length - 1;
        if (count !== 1)
            throw new Error(`mutant ${m.name}: "${p.find}" occurs ${count} times in ${p.file} (expected 1)`);
        writeFileSync(path, text.replace(p.find, p.replace));
    }
    return dir;
}
function runMutant(m) {
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    const dir = build(m);
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [`${dir}src/sim/main.js`, ...m.args, '--jobs', '1'], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        let violation = null;
        const timer = setTimeout(() => child.kill('SIGKILL'), RUN_MS_MAX);
        child.stdout.setEncoding('utf8').on('data', (chunk) => {
            out += chunk;
            const line = out.split('\n').find((l) => l.startsWith('seed '));
            if (line !== undefined && violation === null) {
                violation = line.split(' | ')[0];
                child.kill('SIGKILL'); // one violating seed is enough
            }
        });
        child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
        child.on('close', (code) => {
            clearTimeout(timer);
            rmSync(dir, { recursive: true, force: true });
            if (violation !== null)
                resolve({ killed: true, detail: violation, seconds: seconds() });
            else {
                const why = code === 0 ? 'no violation' : `exit ${code}: ${err.trim().split('\n').at(-1)}`;
                resolve({ killed: false, detail: why, seconds: seconds() });
            }
        });
    });
}
export async function runMutantsCommand(argv) {
    let only = null;
    let jobs = Math.max(1, Math.min(availableParallelism(), 4));
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--list') {
            for (const m of MUTANTS)
                process.stdout.write(`${m.name}: removes ${m.removes}\n`);
            return 0;
        }
        if (a === '--only' && argv[i + 1] !== undefined)
            only = new Set(argv[++i].split(','));
        else if (a === '--jobs' && /^[1-9]\d*$/.test(argv[i + 1] ?? ''))
            jobs = Number(argv[++i]);
        else {
            process.stderr.write(`${a === '-h' || a === '--help' ? '' : `bad argument "${a}"\n`}${USAGE}\n`);
            return 2;
        }
    }
    const chosen = MUTANTS.filter((m) => only === null || only.has(m.name));
    const unknown = [...(only ?? [])].filter((n) => !MUTANTS.some((m) => m.name === n));
    if (unknown.length > 0 || chosen.length === 0) {
        process.stderr.write(`unknown mutant(s): ${unknown.join(', ')}\n${USAGE}\n`);
        return 2;
    }
    const started = Date.now();
    let killed = 0;
    let next = 0;
    const worker = async () => {
        while (next < chosen.length) {
            const m = chosen[next++];
            const r = await runMutant(m);
            if (r.killed)
                killed++;
            process.stdout.write(`${r.killed ? 'killed  ' : 'SURVIVED'} ${m.name} (${r.seconds} s): ${r.detail}\n`);
        }
    };
    try {
        await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, worker));
    }
    finally {
        rmSync(workRoot, { recursive: true, force: true });
    }
    const total = Math.round((Date.now() - started) / 1000);
    process.stderr.write(`mutation suite: ${total} s\n`);
    process.stdout.write(`mutants: ${chosen.length}, killed: ${killed}\n`);
    return killed === chosen.length ? 0 : 1;
}
//# sourceMappingURL=mutants.js.map