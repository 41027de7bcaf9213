/**
 * Ticker symbols as Yahoo spells them, upper case: AVGO, BRK-B, HO.PA, 601360.SS, ^GSPC,
 * EURUSD=X. The one pattern every boundary (catalog, API, import, provider) checks against.
 */
export const SYMBOL_PATTERN = /^\^?[A-Z0-9]+([.=-][A-Z0-9]+)*$/;

/** The same in any case: what the API accepts before upper-casing (no regex flags: OpenAPI
 *  patterns have none). */
export const SYMBOL_INPUT_PATTERN = /^\^?[A-Za-z0-9]+([.=-][A-Za-z0-9]+)*$/;

export const MAX_SYMBOL_LENGTH = 20;

export function isSymbol(symbol: string): boolean {
  return symbol.length <= MAX_SYMBOL_LENGTH && SYMBOL_PATTERN.test(symbol);
}

/**
 * Whether a Yahoo symbol names a listing outside the US: those carry an exchange suffix (HO.PA,
 * 601360.SS, 0981.HK, OCDO.L), while US share classes use a hyphen (BRK-B).
 */
export function isNonUsListing(symbol: string): boolean {
  return /\.[A-Z]{1,3}$/.test(symbol);
}
