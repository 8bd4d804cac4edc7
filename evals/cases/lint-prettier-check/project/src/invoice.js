export function invoiceTotal(lines){
  return lines.reduce((total,line)=>total+line.quantity*line.unitPrice,0)
}

export function formatAmount(amount, currency = "EUR") {
  return new Intl.NumberFormat("en-IE", { style: "currency", currency }).format(amount);
}
