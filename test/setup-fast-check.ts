// Property tests run with one fixed seed, so CI is deterministic and a failure reproduces. FC_SEED=<n> picks another
// seed and FC_SEED=random a fresh one (printed), to explore beyond the fixed sequence.
import fc from 'fast-check';

const raw = process.env.FC_SEED;
const seed = raw === 'random' ? Date.now() % 2 ** 31 : raw ? Number(raw) : 20261123;
if (raw) process.stderr.write(`fast-check seed ${seed}\n`);
fc.configureGlobal({ seed });
