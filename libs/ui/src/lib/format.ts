const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });

/** Integer euros, e.g. `21 000 €`. */
export function formatEuros(amount: number): string {
  return euros.format(amount);
}

/** A ratio as a percentage, e.g. `0.625` → `62,5 %`. */
export function formatPercent(ratio: number): string {
  return percent.format(ratio);
}
