/** Escapes text for HTML content and attribute values: every string the report shows goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** A number for people: 3 significant digits in exponent form, or its name when not finite. */
export function sci(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toExponential(digits) : String(value);
}
