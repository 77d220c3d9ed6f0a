/**
 * National Provider Identifier check (CMS): 10 digits, the last a Luhn check digit computed over the constant
 * prefix 80840 followed by the first nine digits. Pure; the dashboard checks as the person types.
 */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value.slice(0, 9)}`;
  let sum = 0;
  // Luhn from the right of the payload: every second digit (starting with the rightmost) is doubled.
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === Number(value[9]);
}

/** NUCC health-care provider taxonomy code: nine letters or digits, then X (e.g. 101YP2500X). */
export const TAXONOMY_CODE = /^[0-9A-Z]{9}X$/;
