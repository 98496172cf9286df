import { ibanMod97Valid } from "../checksums";
import { addFinding, type FindingSink } from "./context";

/** IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18,
  NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24,
  SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24,
  XK: 20,
};

// Country, check digits, then up to 30 characters in any grouping of single spaces. The
// candidate may run on into the next word ("… 00 EUR"); the country's length cuts it.
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}/g;
const IBAN_CUE = /iban|account|konto|账户|账号/i;
const NUMBERED_THING = /\b(?:ref|reference|order|invoice|ticket|case|tracking|batch|serial)\b[\s:#.-]*$/i;

// "IBAN CH800076201162385295": the word IBAN right before a value.
const IBAN_LABEL_BEFORE = /\biban\b[\s:：#"'=]*$/i;
const UNGROUPED = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![A-Za-z0-9_])/;
const GROUPED = /^[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?(?![A-Za-z0-9_])/;

/**
 * An account number the text calls an IBAN, whose check digits hold (mod 97) but whose length is
 * not its country's: a digit dropped or doubled when it was typed or copied. It still identifies
 * the account's holder to whoever reads it; one such value in 97 passes the check by chance.
 */
function detectLabelledOffLength(text: string, m: RegExpExecArray, out: FindingSink): void {
  if (IBAN_LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) {
    const whole = UNGROUPED.exec(text.slice(m.index, m.index + 40));
    if (whole && ibanMod97Valid(whole[0])) addFinding(out, text, "IBAN", m.index, m.index + whole[0].length, 0.9, "iban-mod97-labelled");
    return;
  }
  // "Account CH80 0076 2011 6238 5295", "bank letter (SA80 2800 0097 0044 4342 56)": printed in groups
  // of four as IBANs are, a character or two off its country's length. The grouping and the check
  // digits together are the cue; a word for an account before it makes it surer.
  const grouped = GROUPED.exec(text.slice(m.index, m.index + 48));
  if (!grouped) return;
  const compact = grouped[0].replace(/ /g, "");
  const length = IBAN_LENGTHS[compact.slice(0, 2)];
  if (length && Math.abs(compact.length - length) <= 2 && ibanMod97Valid(compact)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const cue = IBAN_CUE.test(before);
    // "ref CH80 0076 …": a reference, an order or a ticket is numbered, and no account.
    if (!cue && NUMBERED_THING.test(before)) return;
    addFinding(out, text, "IBAN", m.index, m.index + grouped[0].length, cue ? 0.9 : 0.8, "iban-mod97-labelled");
  }
}

export function detectIbans(text: string, out: FindingSink): void {
  IBAN_CANDIDATE.lastIndex = 0;
  for (let m = IBAN_CANDIDATE.exec(text); m; m = IBAN_CANDIDATE.exec(text)) {
    // The greedy candidate may have swallowed the start of a real IBAN ("XX12 DE89 …"), so the
    // search resumes right after this candidate's start, or after the IBAN found.
    IBAN_CANDIDATE.lastIndex = m.index + 1;
    const length = IBAN_LENGTHS[m[0].slice(0, 2)];
    if (!length) continue;
    let compact = "";
    let end = m.index;
    for (const ch of m[0]) {
      end++;
      if (ch === " ") continue;
      compact += ch;
      if (compact.length === length) break;
    }
    if (compact.length !== length) {
      detectLabelledOffLength(text, m, out);
      continue;
    }
    const next = text.charCodeAt(end);
    const runsOn = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95;
    if (runsOn || !ibanMod97Valid(compact)) {
      if (runsOn) detectLabelledOffLength(text, m, out);
      continue;
    }
    const cue = IBAN_CUE.test(text.slice(Math.max(0, m.index - 24), m.index));
    addFinding(out, text, "IBAN", m.index, end, cue ? 0.99 : 0.95, "iban-mod97");
    IBAN_CANDIDATE.lastIndex = end;
  }
}
