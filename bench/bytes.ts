import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface InjectedFile {
  file: string;
  kind: 'js' | 'css';
  /** How it reaches the page: declared in content_scripts, or a web-accessible resource the content script loads. */
  via: 'content_scripts' | 'web_accessible_resources';
  raw: number;
  gzip: number;
}

interface Manifest {
  content_scripts?: { matches?: string[]; js?: string[]; css?: string[] }[];
  web_accessible_resources?: { resources?: string[]; matches?: string[] }[] | string[];
}

/**
 * The JS and CSS the built extension puts into Gmail pages, read from its manifest: content_scripts
 * js/css for mail.google.com, plus the CSS/JS it exposes to mail.google.com as web-accessible
 * resources (WXT's shadow-root UIs fetch their stylesheet that way instead of declaring it).
 */
export function injectedFiles(extensionPath: string, origin = 'https://mail.google.com/'): InjectedFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')) as Manifest;
  const applies = (matches: readonly string[] | undefined) => (matches ?? []).some((m) => m === '<all_urls>' || matchPattern(m).test(origin));
  const found = new Map<string, InjectedFile['via']>();
  for (const cs of manifest.content_scripts ?? []) {
    if (!applies(cs.matches)) continue;
    for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) found.set(f, 'content_scripts');
  }
  for (const war of manifest.web_accessible_resources ?? []) {
    if (typeof war === 'string' || !applies(war.matches)) continue;
    for (const f of war.resources ?? []) if (/\.(js|css)$/.test(f) && !f.includes('*') && !found.has(f)) found.set(f, 'web_accessible_resources');
  }
  return [...found].map(([file, via]) => ({ file, kind: file.endsWith('.css') ? 'css' : 'js', via, ...fileSize(extensionPath, file) }));
}

/** Raw and gzip (zlib's default level) bytes of one built file: the one measure every bench byte row uses. */
export function fileSize(extensionPath: string, file: string): { raw: number; gzip: number } {
  const bytes = fs.readFileSync(path.join(extensionPath, file));
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
}

/** A Chrome match pattern (scheme://host/path with * wildcards) as a RegExp. */
function matchPattern(pattern: string): RegExp {
  const m = /^(\*|https?|file|ftp):\/\/([^/]*)(\/.*)$/.exec(pattern);
  if (!m) return /$^/;
  const [, scheme, host, rest] = m;
  const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const hostRe = host === '*' ? '[^/]*' : host!.startsWith('*.') ? `([^/]*\\.)?${esc(host!.slice(2))}` : esc(host!);
  return new RegExp(`^${scheme === '*' ? 'https?' : scheme}://${hostRe}${esc(rest!).replace(/\*/g, '.*')}$`);
}
