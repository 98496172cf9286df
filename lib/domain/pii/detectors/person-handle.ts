import * as gazetteer from "../names/gazetteer";
import { COMMON, FAMILIAR, LAST, PINYIN_SURNAME, WORD } from "../names/gazetteer";
import { addFinding, type FindingSink } from "./context";

/**
 * Logins built from a person's name, as directories make them: an initial and a surname ("jsmith",
 * "kpatel", "hkhalil", "lwei"), a pinyin surname and given name ("zhangwei"), or 老/小 and a surname
 * ("laowang"). Only where a login stands: after a user, author or owner label (`user "jsmith"`,
 * `reporter=kpatel`, 账号用 laowang), as a mention, as a URL's user, or as the branch owner of a
 * merged pull request. A word ("stone", "admin", "jenkins") is never one.
 */
const { isPinyinGivenName, wordClass } = gazetteer;

const ENGLISH_WORD = COMMON | WORD | FAMILIAR;

/** Whether a lower-case login is made of a person's name. */
export function isNameHandle(lower: string): boolean {
  if (lower.length < 4 || lower.length > 16 || !/^[a-z]+$/.test(lower)) return false;
  if (wordClass(lower) & ENGLISH_WORD) return false;
  const rest = wordClass(lower.slice(1));
  if (rest & (LAST | PINYIN_SURNAME) && !(rest & COMMON) && lower.length >= 5) return true;
  if (rest & PINYIN_SURNAME) return true;
  for (const prefix of ["lao", "xiao"]) if (lower.startsWith(prefix) && wordClass(lower.slice(prefix.length)) & PINYIN_SURNAME) return true;
  // "zhangwei", "liuyang": a pinyin surname, then one or two syllables of a given name.
  for (let cut = 2; cut <= 6 && cut < lower.length - 1; cut++) {
    if (wordClass(lower.slice(0, cut)) & PINYIN_SURNAME && isPinyinGivenName(lower.slice(cut))) return true;
  }
  return false;
}

// Where a login stands; the login itself is the group.
const HANDLE_SLOT =
  /(?:(?<![A-Za-z0-9])(?:[Uu]ser(?:name)?|USER(?:NAME)?|[Ll]ogin|[Aa]uthor|[Oo]wner|[Rr]eporter|[Aa]ssignee|[Cc]ommitter|[Aa]ccount)["']?(?:[ \t]*[:=][ \t]*|[ \t]+)["']?|账号(?:用|是|为|[：:])?[ \t]*|帐号(?:用|是|为|[：:])?[ \t]*|(?<![\w.])@|:\/\/|\bfrom[ \t]+(?=[a-z]+\/))([a-z]{4,16})(?![\w@-]|\.[a-z])/g;

export function detectHandles(text: string, out: FindingSink): void {
  HANDLE_SLOT.lastIndex = 0;
  for (let m = HANDLE_SLOT.exec(text); m; m = HANDLE_SLOT.exec(text)) {
    const end = m.index + m[0].length;
    // "@babel/preset-env": a package's scope; only a merged branch's owner stands before a "/".
    if (text[end] === "/" && !m[0].startsWith("from")) continue;
    if (!isNameHandle(m[1])) continue;
    addFinding(out, text, "PERSON", end - m[1].length, end, 0.6, "person-handle");
  }
}
