#!/usr/bin/env node
// Renders one page of an OFD with an independent reader, ofd.js 0.2.6 (npm), in Debian's headless
// chromium driven by playwright-core, and writes a PNG of it:
//
//   node tests/ofd-reader/render.mjs FILE.ofd PAGE OUT.png [--dpi N] [--timeout S]
//
// PAGE counts from 1; the PNG has about N pixels an inch (default 100). It prints what the reader
// reports: page count, page size, the font families it asked the browser for (it draws text with
// system fonts by FamilyName, never the embedded file) and the fonts chromium really drew with.
// Exit status: 0 = page rendered; 1 = the reader failed (parse error, no such page, nothing
// drawn, timeout); 2 = usage or setup error (no chromium, ofd.js not installed: run
// scripts/setup-reader.sh).
//
// Environment: CHROMIUM (default /usr/bin/chromium); FONTCONFIG_FILE (default the project's
// fonts/fonts.conf, which maps 仿宋_GB2312 etc. to the Fandol fonts in fonts/).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The PostScript name of the face installed under a family name exactly (fontconfig's family list
// of that face holds the name), or null: what a reader asking for the name really gets.
const installedCache = {};
function installedAs(family) {
  if (family in installedCache) return installedCache[family];
  let ps = null;
  try {
    const out = execFileSync('fc-match', ['-f', '%{family}\t%{postscriptname}', family], { encoding: 'utf8' });
    const [families, name] = out.split('\t');
    if (families.split(',').some((f) => f.trim() === family)) ps = name || null;
  } catch (e) { ps = null; }
  installedCache[family] = ps;
  return ps;
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const require = createRequire(import.meta.url);

function usage(msg) {
  if (msg) console.error(`render.mjs: ${msg}`);
  console.error('usage: node tests/ofd-reader/render.mjs FILE.ofd PAGE OUT.png [--dpi N] [--timeout S]');
  process.exit(2);
}

// ---- arguments
const pos = [];
let dpi = 100;
let timeoutS = 60;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--dpi' || a === '--timeout') {
    const v = Number(argv[++i]);
    if (!Number.isFinite(v) || v <= 0) usage(`${a} needs a positive number`);
    if (a === '--dpi') dpi = v; else timeoutS = v;
  } else if (a === '-h' || a === '--help') {
    usage();
  } else if (a.startsWith('--')) {
    usage(`unknown option ${a}`);
  } else {
    pos.push(a);
  }
}
if (pos.length !== 3) usage();
const [ofdPath, pageArg, outPath] = pos;
const pageNo = Number(pageArg);
if (!Number.isInteger(pageNo) || pageNo < 1) usage(`PAGE must be a page number from 1, not ${pageArg}`);
if (dpi < 10 || dpi > 1200) usage('--dpi must be between 10 and 1200');
let ofdBytes;
try {
  ofdBytes = readFileSync(ofdPath);
} catch (e) {
  usage(`cannot read ${ofdPath}: ${e.message}`);
}

// ---- setup
let chromium;
let readerJs;
try {
  ({ chromium } = require('playwright-core'));
  readerJs = require.resolve('ofd.js'); // package.json "main": lib/ofd.umd.min.js, a UMD bundle
} catch {
  usage('playwright-core or ofd.js is not installed in tests/ofd-reader: run scripts/setup-reader.sh');
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) usage(`${executablePath} is missing: run scripts/setup-reader.sh (Debian's chromium)`);
const env = { ...process.env };
if (!env.FONTCONFIG_FILE && existsSync(join(root, 'fonts', 'fonts.conf'))) {
  env.FONTCONFIG_FILE = join(root, 'fonts', 'fonts.conf');
}

// ofd.js takes every length in mm and draws at `Scale` CSS pixels a millimetre, which it clamps
// to 1..10; beyond 254 dpi the device pixel ratio makes up the rest.
const pxPerMm = dpi / 25.4;
const deviceScaleFactor = Math.max(1, Math.ceil(pxPerMm / 10));
const scale = pxPerMm / deviceScaleFactor;

// ofd.js 0.2.6 does not ask for a font's FamilyName when the name contains one of these (case
// aside): it asks for the list instead (getFontFamily in its ofd_util.js), e.g. "FandolKai" → 楷体…
const OFDJS_FONT_FAMILY = {
  '楷体': '楷体, KaiTi, Kai, simkai', kaiti: '楷体, KaiTi, Kai, simkai', Kai: '楷体, KaiTi, Kai',
  simsun: 'SimSun, simsun, Songti SC', '宋体': 'SimSun, simsun, Songti SC', '黑体': 'SimHei, STHeiti, simhei',
  '仿宋': 'FangSong, STFangsong, simfang', '小标宋体': 'sSun', '方正小标宋_gbk': 'sSun',
  '仿宋_gb2312': 'FangSong, STFangsong, simfang', '楷体_gb2312': '楷体, KaiTi, Kai, simkai',
  couriernew: 'Courier New', 'courier new': 'Courier New',
};
function ofdCssFamily(font) {
  let f = String(font);
  if (OFDJS_FONT_FAMILY[f.toLowerCase()]) f = OFDJS_FONT_FAMILY[f.toLowerCase()];
  for (const key of Object.keys(OFDJS_FONT_FAMILY)) {
    if (f.toLowerCase().includes(key.toLowerCase())) return OFDJS_FONT_FAMILY[key];
  }
  return f;
}

const profile = mkdtempSync(join(tmpdir(), 'ofd-reader-'));
let context;
let status = 1;
const pageLog = [];

function fail(msg) {
  const err = new Error(msg);
  err.reader = true;
  throw err;
}

async function run() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    env,
    // Never a browser of playwright's own; no network beyond loopback here, so nothing that
    // phones home (the flags the machine notes require).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--font-render-hinting=none', '--lang=zh-CN'],
    // A Chinese reader's browser: fallback for a character the named font lacks picks SC glyphs.
    locale: 'zh-CN',
    viewport: { width: Math.ceil(250 * scale), height: Math.ceil(320 * scale) },
    deviceScaleFactor,
    timeout: timeoutS * 1000,
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(timeoutS * 1000);
  page.on('pageerror', (e) => pageLog.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') pageLog.push(`console ${m.type()}: ${m.text()}`);
  });
  // Nothing leaves the page: the document comes in through evaluate(), the reader inline.
  await page.route('**/*', (r) => r.abort());
  await page.setContent('<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>ofd-reader</title>' +
    '<style>html,body{margin:0;padding:0;background:#fff}#out>div{margin:0!important}</style>' +
    '<div id="out"></div>');
  await page.addScriptTag({ content: readFileSync(readerJs, 'utf8') });

  const info = await page.evaluate(async ({ b64, pageNo, scale, ms }) => {
    const bin = atob(b64);
    const buf = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
    const res = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('ofd.js: parseOfdDocument gave no answer')), ms);
      window.ofd.parseOfdDocument({
        ofd: buf.buffer,
        success(r) { clearTimeout(t); resolve(r); },
        fail(e) { clearTimeout(t); reject(new Error(`ofd.js could not read the file: ${e && e.stack ? e.stack : e}`)); },
      });
    });
    // parseOfdDocument answers one entry per DocBody
    const doc = Array.isArray(res) ? res[0] : res;
    if (!doc || !doc.pages) throw new Error('ofd.js returned no document');
    const pageCount = doc.pages.length;
    const out = { pageCount, docs: Array.isArray(res) ? res.length : 1, fonts: doc.fontResObj || {} };
    if (pageNo > pageCount) return out;
    window.ofd.setPageScale(scale);
    out.scale = window.ofd.getPageScale();
    const divs = window.ofd.renderOfdByScale({ ...doc, pages: [doc.pages[pageNo - 1]] });
    if (divs.length !== 1) throw new Error(`ofd.js rendered ${divs.length} pages for one`);
    const host = document.getElementById('out');
    host.appendChild(divs[0]);
    divs[0].id = 'ofd-page';
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const box = divs[0].getBoundingClientRect();
    out.widthPx = box.width;
    out.heightPx = box.height;
    const texts = [...divs[0].querySelectorAll('text')];
    out.glyphs = texts.length;
    out.paths = divs[0].querySelectorAll('path').length;
    out.images = divs[0].querySelectorAll('image, canvas').length;
    const asked = {};
    for (const t of texts) {
      const fam = t.style.fontFamily || '(none)';
      asked[fam] = (asked[fam] || 0) + 1;
    }
    out.asked = asked;
    return out;
  }, { b64: ofdBytes.toString('base64'), pageNo, scale, ms: timeoutS * 1000 });

  console.log(`reader: ofd.js 0.2.6 in ${executablePath}; ${info.pageCount} page(s)` +
    (info.docs > 1 ? ` in the first of ${info.docs} documents` : ''));
  console.log(`font resources: ${Object.entries(info.fonts).map(([id, f]) =>
    `${id}=${f}${ofdCssFamily(f) !== f ? ` (ofd.js asks for "${ofdCssFamily(f)}")` : ''}`).join(', ') || 'none'}`);
  if (pageNo > info.pageCount) fail(`no page ${pageNo}: the reader sees ${info.pageCount} page(s)`);
  console.log(`page ${pageNo}: ${(info.widthPx / info.scale).toFixed(1)} × ${(info.heightPx / info.scale).toFixed(1)} mm; ` +
    `${info.glyphs} characters, ${info.paths} paths, ${info.images} images`);
  for (const [fam, n] of Object.entries(info.asked)) console.log(`  asked for font-family ${fam}: ${n} characters`);
  if (info.glyphs + info.paths + info.images === 0) fail(`page ${pageNo}: the reader drew nothing`);

  // Which fonts chromium really drew with (fontconfig's answer to the family names above), and
  // which characters it had to take from a font other than the one asked for (fallback).
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root: docNode } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: docNode.nodeId, selector: '#ofd-page text' });
  const texts = await page.$$eval('#ofd-page text', (ts) => ts.map((t) => [t.textContent, t.style.fontFamily]));
  const drawn = {};
  const fallback = [];
  let glyphs = 0;
  const squash = (s) => s.toLowerCase().replace(/[\s"'_-]/g, '');
  // A glyph is in the right font when chromium drew it with one of the CSS families ofd.js asked
  // for or with the FamilyName the OFD gave (which ofd.js may have replaced by a list of its own).
  const named = {};
  for (const f of Object.values(info.fonts)) {
    const css = squash(ofdCssFamily(f));
    (named[css] = named[css] || []).push(squash(f));
  }
  for (let i = 0; i < nodeIds.length; i++) {
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: nodeIds[i] });
    const [ch, fam] = texts[i] || ['', ''];
    const asked = fam.split(',').map(squash).filter(Boolean).concat(named[squash(fam)] || []);
    // A font installed under the asked name (a government PC's 仿宋_GB2312; the test installs the
    // Fandol faces so) reports its own name: the face fontconfig gives for the asked family counts.
    for (const a of fam.split(',').map((x) => x.trim().replace(/^"|"$/g, '')).filter(Boolean)) {
      const ps = installedAs(a);
      if (ps) asked.push(squash(ps));
    }
    for (const f of fonts) {
      drawn[f.familyName] = (drawn[f.familyName] || 0) + f.glyphCount;
      glyphs += f.glyphCount;
      // "FandolFang R" (the font's own family name) answers "FandolFang"
      const got = [squash(f.familyName), squash(f.postScriptName || '')];
      if (!asked.some((a) => got.some((g) => g.startsWith(a)))) fallback.push(`${ch}→${f.familyName}`);
    }
  }
  for (const [fam, n] of Object.entries(drawn).sort((a, b) => b[1] - a[1])) {
    console.log(`  drawn with ${fam}: ${n} glyphs`);
  }
  console.log(`fallback: ${fallback.length} of ${glyphs} glyphs drawn with a font other than the one asked for` +
    (fallback.length ? ` (${[...new Set(fallback)].slice(0, 12).join(' ')})` : ''));

  const el = await page.$('#ofd-page');
  const png = await el.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' });
  writeFileSync(outPath, png);
  const w = png.readUInt32BE(16);
  const h = png.readUInt32BE(20);
  console.log(`wrote ${outPath}: ${w} × ${h} px (${(w / (info.widthPx / info.scale) * 25.4).toFixed(1)} dpi)`);
  for (const l of pageLog) console.log(`  ${l}`);
  status = 0;
}

const timer = setTimeout(() => {
  console.error(`render.mjs: timed out after ${timeoutS} s`);
  for (const l of pageLog) console.error(`  ${l}`);
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* ignore */ }
  process.exit(1);
}, timeoutS * 1000 + 5000);

try {
  await run();
} catch (e) {
  let msg = String(e && e.message ? e.message : e).split('\n').slice(0, 3).join('\n');
  if (/reading 'async'/.test(msg)) msg += '\n(a part that OFD.xml or Document.xml names is missing from the package)';
  console.error(`render.mjs: ${ofdPath} page ${pageNo}: ${msg}`);
  for (const l of pageLog) console.error(`  ${l}`);
  status = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(timer);
}
process.exit(status);
