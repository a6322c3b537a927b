/** Lower case, accents removed, punctuation as spaces: « Résidence d'Urfé » → "residence d urfe". */
export function normalizeSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** What the search matches: name, city, postal code and FINESS numbers. */
export function searchTextOf(parts: (string | null | undefined)[]): string {
  return normalizeSearch(parts.filter(Boolean).join(' '));
}
