/** Loads the catalogue into memory; the backend's latency varies with its load. */
export async function warm() {
  const latency = Number(process.env.BACKEND_LATENCY_MS ?? 5);
  await new Promise((resolve) => setTimeout(resolve, latency));
  return new Map([['sku-1', { price: 5 }]]);
}
