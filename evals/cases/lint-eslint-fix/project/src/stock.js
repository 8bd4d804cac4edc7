export function belowReorderPoint(items) {
  let low = []
  for (const item of items) {
    if (item.onHand < item.reorderPoint) low.push(item.sku)
  }
  return low
}

export function label(item) {
  var name = item.name || "unnamed";
  return `${item.sku}: ${name}`;
}
