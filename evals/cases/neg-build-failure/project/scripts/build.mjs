import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

// Bundles the invoice template into dist/.
const template = readFileSync(new URL('../templates/invoice.html', import.meta.url), 'utf8');
mkdirSync('dist', { recursive: true });
writeFileSync('dist/invoice.html', template);
