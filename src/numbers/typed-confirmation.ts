// Releasing a number asks for it to be typed again (the console's numbers page): what was typed confirms when its
// digits are the number's, whole, in national or international form. Pure, so the page and its function share it.

/** "(555) 010-0123", "555.010.0123", "+1 555 010 0123" and "020 7946 0958" (a trunk 0) confirm; a part does not. */
export function typedConfirms(typed: string, e164: string): boolean {
  // A national form may start with its trunk prefix (0 in most countries): "020 7946 0958" is +44 20 7946 0958.
  const digits = typed.replace(/\D/g, '').replace(/^0+/, '');
  const full = e164.replace(/\D/g, '');
  // At most the country code (1 to 3 digits) may be left out.
  return digits.length >= 7 && (digits === full || (full.endsWith(digits) && full.length - digits.length <= 3));
}
