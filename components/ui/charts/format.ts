// Built on first use (see ../format.ts: the first Intl object a page makes is slow).
const cache = new Map<string, Intl.NumberFormat>();
const numberFormat = (key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat => {
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(undefined, options)));
  return f;
};

/** A number in a few characters: 950, 12K, 1.3M. */
export const compactNumber = (n: number): string => numberFormat('compact', { notation: 'compact', maximumFractionDigits: 1 }).format(n);

/** An amount in a few characters with its currency (€12K); a plain compact number when the code is not one Intl knows. */
export function compactCurrency(n: number, currency: string | null | undefined): string {
  if (!currency) return compactNumber(n);
  try {
    return numberFormat(`currency:${currency}`, { notation: 'compact', style: 'currency', currency, maximumFractionDigits: 1 }).format(n);
  } catch {
    return `${compactNumber(n)} ${currency}`;
  }
}

/** A share (0..1) as a whole percentage: 0.456 → "46%". */
export const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** Days, to one decimal below 10 and whole above: "3.5 d", "42 d". */
export const days = (n: number): string => `${n < 10 ? Math.round(n * 10) / 10 : Math.round(n)} d`;
