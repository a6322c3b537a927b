const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

/** `2024-09-15` (a Paris calendar day) → `15 septembre 2024`. */
export function formatDay(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  // Noon UTC is the same calendar day in Paris.
  return day.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** An instant shown in Paris time, e.g. `26 novembre 2026 à 07:04`. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso)).replace(' ', ' ');
}
