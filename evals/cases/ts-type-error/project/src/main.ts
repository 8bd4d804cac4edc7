import { parseInvoice } from './invoice.js';

export const first = parseInvoice({ number: 'A-1', total: '1250' });
