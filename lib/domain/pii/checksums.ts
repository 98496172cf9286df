/** Luhn (mod 10) over a string of digits, as used by payment card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to 10–35, mod 97 must be 1. */
export function ibanMod97Valid(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      remainder = (remainder * 10 + (c - 48)) % 97;
    } else if (c >= 65 && c <= 90) {
      remainder = (remainder * 100 + (c - 55)) % 97;
    } else {
      return false;
    }
  }
  return compact.length >= 5 && remainder === 1;
}

const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK_CHARS = "10X98765432";

/** GB 11643 / ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID. */
export function cnResidentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i];
  return CN_ID_CHECK_CHARS[sum % 11];
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A plausible calendar date (leap days are not checked against the year: 29 Feb is accepted). */
export function isPlausibleDate(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
}

/** 18 characters: region (first digit 1–8), birth date YYYYMMDD, sequence, MOD 11-2 check character. */
export function isValidCnResidentId(id: string): boolean {
  if (!/^[1-8]\d{16}[\dXx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isPlausibleDate(year, month, day)) return false;
  return cnResidentIdCheckChar(id) === id[17].toUpperCase();
}

/** SSA rules: area 001–899 except 666, group 01–99, serial 0001–9999. */
export function isValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area > 0 && area !== 666 && area < 900 && group > 0 && serial > 0;
}
