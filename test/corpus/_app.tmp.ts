import { readFileSync, readdirSync, statSync } from 'node:fs';
import { formatProblem } from '../../src/core/schema/problems';
import { detectInputs, readInput } from '../../src/ui/import/preview';
import { finishLayer, suggestMapping } from '../../src/ui/import/finishImport';
import { isLoadError } from '../../src/ui/data/loadProject';
const names = readFileSync('test/corpus/files.txt', 'utf8').trim().split('\n').filter((n) => !/\/宗地\.(dbf|cpg)$/.test(n));
const filter = process.argv[2] ?? '';
for (const name of names.filter((n) => n.includes(filter))) {
  const dir = name.includes('/') ? name.replace(/\/[^/]*$/, '') : null;
  const paths = dir ? readdirSync(`test/corpus/files/${dir}`).map((f) => `${dir}/${f}`) : [name];
  const files = paths.map((p) => ({ name: p.replace(/^.*\//, ''), bytes: new Uint8Array(readFileSync(`test/corpus/files/${p}`)) }));
  const detected = detectInputs(files);
  const lines: string[] = [];
  for (const d of detected) {
    const previews = await readInput(d, { longitudeHint: 114 });
    for (const p of previews) {
      lines.push(`[${p.format} crs=${p.crs.status} blocking=${p.blocking} n=${p.featureCount}]`);
      for (const q of p.problems) lines.push('  dlg ' + formatProblem(q, 'en'));
      if (!p.blocking && p.collection && p.featureCount > 0 && !p.table) {
        const kind = p.suggestedKind ?? 'parcel';
        const r = finishLayer(p.collection, suggestMapping(p.fields, kind, p.fieldUnits), kind, p.fileLabel, 'x', { zh: 't', en: 't' });
        if (!r.ok) lines.push('  FINISH-ERR ' + JSON.stringify(r.error).slice(0, 300));
        else for (const q of r.problems) lines.push('  add ' + formatProblem(q, 'en'));
      }
    }
  }
  console.log(`=== ${name}`);
  for (const l of lines.slice(0, 8)) console.log('  ' + l.slice(0, 240));
}
