import { describe, expect, it } from 'vitest';
import { domainOf, hostOf, isFreeMailDomain, sameSite } from './domain';

describe('free-mail detection', () => {
  it.each(['gmail.com', 'googlemail.com', 'outlook.com', 'outlook.de', 'hotmail.co.uk', 'live.fr', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'icloud.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 't-online.de'])(
    '%s is a personal mail provider',
    (domain) => expect(isFreeMailDomain(domain)).toBe(true),
  );

  it.each(['northwind-logistics.com', 'yahoo-inc.com', 'outlook.acme.com', 'mail.acme.com', 'gmxsolutions.de'])('%s is not', (domain) => expect(isFreeMailDomain(domain)).toBe(false));
});

describe('domains and hosts', () => {
  it('domainOf lower-cases the part after the last @', () => expect(domainOf('Dana@Northwind-Logistics.COM')).toBe('northwind-logistics.com'));
  it('hostOf strips scheme, www, path and port', () => expect(hostOf('https://www.Acme.io:443/about?x=1')).toBe('acme.io'));
  it('a subdomain is the same site; a different name is not', () => {
    expect(sameSite('mail.acme.com', 'www.acme.com')).toBe(true);
    expect(sameSite('acme.io', 'acme.com')).toBe(false);
  });
});
