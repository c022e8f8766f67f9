/**
 * Which domain an address belongs to, and whether that says anything about a company. A
 * free-mail address (gmail.com, web.de…) names a mail provider, not the lead's employer.
 */

/** Providers whose addresses anyone can open, by exact domain. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aim.com', 'msn.com',
  'ymail.com', 'rocketmail.com', 'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tuta.io',
  'tutamail.com', 'web.de', 't-online.de', 'freenet.de', 'posteo.de', 'posteo.net', 'mailbox.org',
  'mail.com', 'email.com', 'usa.com', 'zohomail.com', 'fastmail.com', 'fastmail.fm', 'hey.com',
  'hushmail.com', 'duck.com', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru', 'qq.com',
  '163.com', '126.com', 'yeah.net', 'sina.com', 'naver.com', 'daum.net', 'hanmail.net',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'laposte.net', 'libero.it', 'virgilio.it',
  'tiscali.it', 'alice.it', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'bluewin.ch',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'comcast.net', 'verizon.net', 'att.net',
  'sbcglobal.net', 'cox.net', 'charter.net', 'earthlink.net', 'shaw.ca', 'rogers.com', 'sympatico.ca',
  'bigpond.com', 'optusnet.com.au', 'rediffmail.com', 'uol.com.br', 'bol.com.br', 'terra.com.br',
]);

/** Providers with a domain per country (yahoo.co.uk, gmx.de, hotmail.fr, outlook.jp…). */
const FREE_MAIL_FAMILY = /^(?:yahoo|hotmail|outlook|live|windowslive|gmx|yandex|tutanota|aol)\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$/;

export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
}

export function isFreeMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return FREE_MAIL.has(d) || FREE_MAIL_FAMILY.test(d);
}

/** A website or URL as a bare host: "https://www.Acme.io/about" → "acme.io". */
export function hostOf(urlOrDomain: string): string {
  const host = urlOrDomain
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/?#:]/)[0]!;
  return host.replace(/^www\./, '').replace(/\.$/, '');
}

/** Same site when equal or one is a subdomain of the other (mail.acme.com and acme.com). */
export function sameSite(a: string, b: string): boolean {
  const x = hostOf(a);
  const y = hostOf(b);
  return x !== '' && y !== '' && (x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`));
}
