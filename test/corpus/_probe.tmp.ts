import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main';
const names = readFileSync('test/corpus/files.txt', 'utf8').trim().split('\n').filter((n) => !/\/宗地\.(dbf|cpg)$/.test(n));
const filter = process.argv[2] ?? '';
for (const name of names.filter((n) => n.includes(filter))) {
  const path = `test/corpus/files/${name}`;
  const cmd = /\.(geo)?json$/.test(name) ? ['metrics', path, '--review-date', '2026-06-30'] : ['convert', path];
  const err: string[] = []; let outLen = 0;
  let code: number;
  try { code = await main([...cmd, '--lang', 'en'], { stdout: (s) => { outLen += s.length; }, stderr: (s) => err.push(s), env: {} }); } catch (e) { code = -99; err.push('THROWN ' + (e as Error).stack); }
  console.log(`=== ${name}: exit ${code}, stdout ${outLen}`);
  for (const l of err.join('\n').split('\n').slice(0, 6)) console.log('   ' + l.slice(0, 260));
}
