// The docxtemplater side of bench/compare.sh: a process that stays up, as a user's own service
// would, and fills the form with a record on each request; the bench times its work, not its start.
//
//   node fill.mjs FORM_FOLDER_ZIPPED.docx
//   stdin, one a line:  RECORD.json<TAB>EDITION_YEARS(comma)<TAB>OUT.docx
//   stdout, one a line: the milliseconds the fill took (read, fill, zip, write)
//
// clusterform's template is turned into docxtemplater's once, at start: every {{tag}} becomes
// [[vN]] (delimiters [[ ]] because the form's text has braces of its own), with the value the
// record holds for it: the number with two decimals or whole, 无 for nothing, ☑ or □ for an option.
// Blocks ({{#each}}, {{#if}}, {{#unless}}) are dropped, so docxtemplater repeats no rows: it does
// less than clusterform's merge, which is in its favour.
import fs from 'node:fs';
import readline from 'node:readline';
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';

const template = fs.readFileSync(process.argv[2]);

function get(rec, key) {
  let v = rec;
  for (const part of key.split('.')) v = v && typeof v === 'object' ? v[part] : undefined;
  return v;
}
function shown(v) {
  if (v === undefined || v === null || v === '') return '无';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.join('、');
  return String(v);
}

// The template's tags as docxtemplater's, and how to find each one's value in a record.
const zip0 = new PizZip(template);
const names = [];
let xml = zip0.file('word/document.xml').asText();
xml = xml.replace(/\{\{([^{}]*)\}\}/g, (_, inner) => {
  const t = inner.trim();
  if (/^[#/!]/.test(t)) return '';
  const n = names.length;
  names.push(t);
  return '[[v' + n + ']]';
});
zip0.file('word/document.xml', xml);
const prepared = zip0.generate({ type: 'nodebuffer' });

function data(rec, years) {
  const out = {};
  names.forEach((t, n) => {
    let v;
    if (t.startsWith('?')) {
      const [key, opt] = t.slice(1).trim().split('=');
      const x = get(rec, key.trim());
      const want = opt.trim();
      const on = Array.isArray(x) ? x.includes(want) : String(x) === want;
      v = on ? '☑' : '□';
    } else {
      const [key, sel] = t.replace(/^\./, '').split('@');
      if (key.startsWith('edition.')) v = years[0];
      else {
        let x = get(rec, key);
        if (sel && x && typeof x === 'object') x = x[/^y[1-3]$/.test(sel) ? years[Number(sel[1]) - 1] : sel];
        v = shown(x);
      }
    }
    out['v' + n] = v;
  });
  return out;
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [recPath, yearList, outPath] = line.split('\t');
  const t0 = process.hrtime.bigint();
  const rec = JSON.parse(fs.readFileSync(recPath, 'utf8'));
  const doc = new Docxtemplater(new PizZip(prepared), { delimiters: { start: '[[', end: ']]' }, paragraphLoop: true });
  doc.render(data(rec, yearList.split(',')));
  fs.writeFileSync(outPath, doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(ms.toFixed(3) + '\n');
});
