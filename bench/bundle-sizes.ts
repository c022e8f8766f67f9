/**
 * Bundle sizes per entry point of the built extension: every JS/CSS file in it, attributed to the
 * entries that load it (the manifest's background, content scripts, HTML pages and web-accessible
 * scripts, following each file's static `import … from "./x.js"` and each page's script/link tags).
 * A chunk shared by several entries counts in each of them; the grand total counts each file once.
 * Raw and gzip, measured as bytes.ts measures them. The Gmail budget is checked on bytes.ts's injected
 * set (content script + the panel bundles it loads at run time), shown here as its own line.
 *
 *   npx tsx bench/bundle-sizes.ts [extension dir]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSize, injectedFiles } from './bytes';

export interface BundleFile {
  file: string;
  raw: number;
  gzip: number;
}

export interface BundleEntry {
  /** background, content script <name>, page <name>.html, or web-accessible <file>. */
  entry: string;
  kind: 'background' | 'content-script' | 'page' | 'web-accessible';
  files: string[];
  raw: number;
  gzip: number;
}

export interface BundleSizes {
  entries: BundleEntry[];
  files: BundleFile[];
  /** Files no entry reaches (should be none). */
  unreferenced: string[];
  total: { files: number; raw: number; gzip: number };
  /** What a mail.google.com page gets in total (bytes.ts's injected set, the budgeted figure). */
  gmailInjected: { files: string[]; raw: number; gzip: number };
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
  web_accessible_resources?: { resources?: string[] }[] | string[];
  side_panel?: { default_path?: string };
  action?: { default_popup?: string };
  browser_action?: { default_popup?: string };
  options_page?: string;
  options_ui?: { page?: string };
}

const CODE = /\.(m?js|css)$/;

function walk(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? walk(full, root) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

/** Files a JS/CSS/HTML file loads statically, relative to the extension root. */
function references(extensionPath: string, file: string): string[] {
  const text = fs.readFileSync(path.join(extensionPath, file), 'utf8');
  const specifiers = file.endsWith('.html')
    ? [...text.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    : file.endsWith('.css')
      ? [...text.matchAll(/@import\s+(?:url\()?["']([^"']+)["']/g)].map((m) => m[1]!)
      : [...text.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)].map((m) => m[1]!);
  return specifiers
    .filter((s) => !/^[a-z]+:/i.test(s))
    .map((s) => (s.startsWith('/') ? s.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(file), s))))
    .filter((f) => CODE.test(f) && fs.existsSync(path.join(extensionPath, f)));
}

function closure(extensionPath: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const r of references(extensionPath, f)) visit(r);
  };
  roots.forEach(visit);
  return [...seen].filter((f) => CODE.test(f));
}

export function bundleSizes(extensionPath: string): BundleSizes {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')) as Manifest;
  const all = walk(extensionPath).filter((f) => CODE.test(f)).sort();
  const files = new Map(all.map((file) => [file, { file, ...fileSize(extensionPath, file) }] as const));

  const roots: { entry: string; kind: BundleEntry['kind']; files: string[] }[] = [];
  const bg = [manifest.background?.service_worker, ...(manifest.background?.scripts ?? [])].filter((f): f is string => !!f);
  if (bg.length) roots.push({ entry: 'background', kind: 'background', files: bg });
  for (const cs of manifest.content_scripts ?? []) {
    const js = cs.js ?? [];
    const name = path.posix.basename(js[0] ?? cs.css?.[0] ?? 'content', path.posix.extname(js[0] ?? cs.css?.[0] ?? ''));
    // WXT's shadow-root UI ships the script's CSS as a web-accessible file of the same name.
    const css = [...(cs.css ?? []), ...js.map((f) => f.replace(/\.js$/, '.css')).filter((f) => files.has(f))];
    roots.push({ entry: `content script ${name}`, kind: 'content-script', files: [...js, ...css] });
  }
  for (const page of [manifest.side_panel?.default_path, manifest.action?.default_popup, manifest.browser_action?.default_popup, manifest.options_page, manifest.options_ui?.page]) {
    if (page && !roots.some((r) => r.files[0] === page)) roots.push({ entry: `page ${page}`, kind: 'page', files: [page] });
  }
  const claimed = new Set(roots.flatMap((r) => r.files));
  for (const war of manifest.web_accessible_resources ?? []) {
    if (typeof war === 'string') continue;
    for (const f of war.resources ?? []) if (/\.m?js$/.test(f) && files.has(f) && !claimed.has(f)) roots.push({ entry: `web-accessible ${f}`, kind: 'web-accessible', files: [f] });
  }

  const entries = roots.map((r): BundleEntry => {
    const reached = closure(extensionPath, r.files).filter((f) => files.has(f)).sort();
    return { entry: r.entry, kind: r.kind, files: reached, raw: reached.reduce((n, f) => n + files.get(f)!.raw, 0), gzip: reached.reduce((n, f) => n + files.get(f)!.gzip, 0) };
  });
  const reachedAll = new Set(entries.flatMap((e) => e.files));
  const list = [...files.values()];
  const injected = injectedFiles(extensionPath);
  return {
    gmailInjected: { files: injected.map((f) => f.file), raw: injected.reduce((n, f) => n + f.raw, 0), gzip: injected.reduce((n, f) => n + f.gzip, 0) },
    entries,
    files: list,
    unreferenced: all.filter((f) => !reachedAll.has(f)),
    total: { files: list.length, raw: list.reduce((n, f) => n + f.raw, 0), gzip: list.reduce((n, f) => n + f.gzip, 0) },
  };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(7);

export function renderBundleSizes(s: BundleSizes): string {
  const width = Math.max(...s.entries.map((e) => e.entry.length), 'all files (each once)'.length, 'mail.google.com in total'.length);
  const line = (name: string, raw: number, gzip: number, extra = '') => `  ${name.padEnd(width)}  ${kb(raw)} KB raw  ${kb(gzip)} KB gz${extra}`;
  return [
    'bundle sizes per entry point (.output/chrome-mv3; shared chunks count in every entry that loads them)',
    ...s.entries.map((e) => line(e.entry, e.raw, e.gzip, `   ${e.files.join(', ')}`)),
    line('all files (each once)', s.total.raw, s.total.gzip, `   ${s.total.files} files`),
    line('mail.google.com in total', s.gmailInjected.raw, s.gmailInjected.gzip, `   content script + panel bundles it loads (the budgeted figure, see above)`),
    ...(s.unreferenced.length ? [`  not reached from any entry: ${s.unreferenced.join(', ')}`] : []),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.output/chrome-mv3');
  console.log(renderBundleSizes(bundleSizes(dir)));
}
