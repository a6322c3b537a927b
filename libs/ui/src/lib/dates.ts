const dateFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function parse(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  // A bare ISO date (2024-05-31) is a calendar day: read it at noon UTC so Paris shows the same day.
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `31/05/2024` (Europe/Paris); `—` when absent. */
export function formatDate(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : '—';
}

/** `31/05/2024 14:05` (Europe/Paris); `—` when absent. */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date).replace(',', '') : '—';
}
