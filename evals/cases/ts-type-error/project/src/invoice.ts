export interface Invoice {
  number: string;
  totalCents: number;
}

export function parseInvoice(row: { number: string; total: string }): Invoice {
  return {
    number: row.number,
    totalCents: row.total,
  };
}
