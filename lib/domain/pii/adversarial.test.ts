import { describe, expect, it } from "vitest";
import { redactText } from "./redact";

const SIZE = 100 * 1024;
const repeat = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

// Inputs shaped to make a backtracking regex explode: long runs of exactly the characters
// the detectors' patterns consume, and near-misses repeated until the input ends.
const ADVERSARIAL: Record<string, string> = {
  "digits": repeat("1234567890"),
  "@": repeat("@"),
  "a.": repeat("a."),
  "mixed separators": repeat("1-2 3-4 5.6 (7) "),
  "one digit and a space": repeat("1 "),
  "plus and digits": repeat("+1 "),
  "dotted digits": repeat("1."),
  "colons": repeat(":"),
  "hex and colons": repeat("a:"),
  "double colons": repeat("f::"),
  "local parts": repeat("a@a."),
  "IBAN-like": repeat("AB12"),
  "upper case": repeat("A"),
  "key prefixes": repeat("sk-"),
  "JWT pieces": repeat("eyJ."),
  "unterminated PEM": repeat("-----BEGIN PRIVATE KEY-----"),
  "URL without @": repeat("https://a:b"),
  "credential names": repeat("password="),
  "name cues": repeat("name: "),
  "titles": repeat("Mr. "),
  "Chinese cues": repeat("我叫"),
  "Chinese titles": repeat("王先生"),
  "birth cues": repeat("DOB "),
  "birth cues in markup": repeat("**DOB:** <td>"),
  "credential names, spaced": repeat("pwd key "),
  "credential names, refused values": repeat("key=key:key="),
  "long refused values": repeat("secret: " + "a".repeat(300) + " "),
  "prose verbs": repeat("password for the is "),
  "names before long blanks": repeat("password" + " ".repeat(2_000) + "x,\t"),
  "Chinese credential names": repeat("密码是密码"),
  "quoted values": repeat("password='"),
  "names in capitals with initials": repeat("OLUWASEUN ADEYEMI N. "),
  "capital runs and slashes": repeat("VAN DER BERG/"),
  "person columns": "owner,service\n" + repeat("Kwame Asante,kyc\nHassan,fx\n"),
  "secret ids": repeat("SECRET_ID=private_key_id="),
  "XML credentials": repeat("<password>"),
  "MySQL flags": repeat("mysql -p -p"),
  "URL user info": repeat("://:@"),
  "URL authority without slash": repeat("s://" + "a:b@".repeat(200) + "/"),
  "Oracle logins": repeat("sqlplus a/"),
  "AWS key ids": repeat("AKIAABCDEFGHIJKLMNOP " + "Ab1+".repeat(9)),
  "query signatures": repeat("&sig=&X-Amz-Signature="),
  "addresses run together": repeat("ab@cd.ef"),
  "IDN addresses": repeat("用户@例子."),
  "accented addresses": repeat("ü@ü."),
  "country code in parentheses": repeat("(+86) "),
  "area codes": repeat("0755-8888 "),
  "digits after a word": repeat("v2 1 "),
  "version cues": repeat("AssemblyVersion(\"1."),
  "capitalised words": repeat("Aa "),
  "names in a list": repeat("Anna Smith, "),
  "surname, first name": repeat("Smith, Anna; "),
  "name particles": repeat("Anna de van der "),
  "CSV of names": "last_name,first_name\n" + repeat("Smith,Anna\n"),
  "CSV headers": repeat("name,\"x\n"),
  "short lines": repeat("a b\n"),
  "markdown table of names": "| name | n |\n|---|---|\n" + repeat("| Anna Smith | 1 |\n"),
  "mentions": repeat("@anna.smith "),
  "greetings": repeat("Hi Anna, "),
  "display names": repeat("From: Anna Smith <a@b.co>\n"),
  "signatures": repeat("Thanks,\nAnna\n"),
  "booking names": repeat("SMITH/ANNA MR "),
  "surname characters": repeat("王"),
  "Han names and verbs": repeat("王伟说李"),
  "compound surnames": repeat("欧阳"),
  "Han labels": repeat("收件人：王伟、"),
  "pgpass-like lines": repeat("h:1:d:u:" + "p:".repeat(40)),
  "pgpass fields without a line end": repeat("host:5432:db:user:"),
  "birth questions": repeat("date of birth?\nA: "),
  "quoted names": repeat("'Anna Smith' "),
  "mentions with surnames": repeat("@Anna Smith "),
  "chat speakers": repeat("Anna Smith 09:12 "),
  "psql tables": " name | email\n------+------\n" + repeat(" Anna Smith | a\n"),
  "networks with prefixes": repeat("10.1.2.3/24 fe80::1/64 "),
  "Han chat speakers": repeat("] 王伟："),
  "roles before speakers": repeat("Agent (Anna): Advisor (Anna) "),
  "list item speakers": repeat("- Anna: "),
  "sign-offs after two dashes": repeat("x -- Anna\n-- Yevgenia\n"),
  "names joined by and": repeat("Anna and Yevgenia & "),
  "verbs before names": repeat("Pinged Tell Ask Anna "),
  "capitals after name keys": repeat("last_name: SMITH Given names: ANNA "),
  "CSV first and last": "id,first,last\n" + repeat("1,Anna,Smith\n"),
  "session cookies and pw": repeat("sessionid=PHPSESSID=pw: "),
  "Han labelled short fields": repeat("经办人：胡可,"),
  "traditional surnames after labels": repeat("聯絡人：陳怡君、張"),
  "words in capitals without a label": repeat("ANNA MARIA SMITH GH1 "),
  "Han kin after a label": repeat("联系人：母亲 "),
  "lone first names": repeat("ping Priyanka, can you "),
  "possessive names": repeat("Tariq's laptop "),
  "names before pronouns": repeat("Anna " + "x ".repeat(30)),
  "chat speakers with roles": repeat("[09:14] Ayumi (Billing): "),
  "dash sign-offs": repeat("done – Gwen\n"),
  "names in capitals": repeat("from WANJIRU KAMAU "),
  "hyphenated surnames": repeat("Ana Nnamdi-Ugwu-Haverford-Ames "),
  "foreign titles": repeat("Frau Mme Sr. "),
  "SQL inserts": repeat("INSERT INTO t (full_name, surname) VALUES ('Ana Lima', 'x'), ("),
  "SQL inserts, unclosed quotes": "INSERT INTO t (full_name) VALUES ('" + repeat("a"),
  "SQL insert heads": repeat("INSERT INTO t (full_name) VALUES "),
  "table columns of numbers": "id|MOBILE\n" + repeat("1|08031234567\n"),
  "birth date columns": "id,birth_date\n" + repeat("1,1990-07-14\n"),
  "birth date header cues": repeat("dob,dob\n"),
  "dotted Han names": repeat("买买提·艾力·"),
  "Han time words and names": repeat("周二乔安周一"),
  "upgrade versions": repeat("upgrading from 7.52.0.1 to 7.53.1.2 "),
  "passwords in prose with a colon": repeat("password for a b c d e: "),
  "Chinese passwords after fillers": repeat("密码我已经重置成"),
  "LDAP flags": repeat("ldapsearch -w -w "),
  "code groups before numbers": repeat("W93 03 1234 5678 "),
  "familiar Han names": repeat("小王说老李"),
  "Han names found again": repeat("@高峰 高峰："),
  "percent-encoded addresses": repeat("a%40b.c%40"),
  "passwords with blanks": repeat("password is a 1 b 2 c 3 with spaces "),
  "SQL passwords": repeat("IDENTIFIED BY 'a''"),
  "SQL birth-date columns": "INSERT INTO t (id, dob) VALUES " + repeat("(1, '1990-01-01'), "),
  "SQL birth-date cues": repeat("INSERT INTO t (dob, dob, dob"),
  "greetings before unknown words": repeat("Hi Zanele, Hi Zanele Mokoena "),
  "places and firms": repeat("Phillip Street & Young, Ohio "),
  "given names before modals": repeat("Vikram will send "),
  "password-shaped tokens": "password " + repeat("Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!Ab1!_"),
  "password-shaped near misses": "password " + repeat("Ab1!@x."),
  "login pairs": "login " + repeat("admin / a1 / "),
  "escaped line breaks before addresses": repeat("\\n10.1.2.3\\n-h10."),
  "signed cookies and recovery keys": repeat("s%3Aabcdefghijklmn.123456-123456-"),
  "resident ids and their dates": repeat("110105199005172340 1990-05-17 1990年5月17日 "),
  "URL token users": repeat("https://0123456789abcdef0123@"),
  // Round nine: given names alone, titles, a full name's parts again, logins after ssh and in lists,
  // birth dates further on in a sentence, Kubernetes Secret blocks.
  "Han given names in slots": repeat("晓彤：好\n交给晓东。海燕说"),
  "Han surname titles": repeat("，王总的彭工反馈"),
  "full names and their parts": "Anna Smith Yevgenia Ndlovu-Okafor " + repeat("Anna asmith anna.smith Smith "),
  "many full names again": repeat("Anna Smith, Maria Lopez, Wei Zhang, Anna "),
  "greetings and sign-offs of word names": repeat("Hi Will,\nBest,\nRose\nTell Grace "),
  "ssh users": repeat("ssh " + "a ".repeat(20)),
  "listed logins": "disable jsmith" + repeat(", jsmith and kpatel"),
  "birth cues before long sentences": repeat("date of birth " + "a1 ".repeat(20)),
  "Chinese numeral dates": repeat("出生于一九九二年十二月二十二"),
  "Kubernetes secret blocks": "kind: Secret\n" + repeat("stringData:\n  a: Ab1Ab1Ab1\n"),
  // Round ten: subjects of a person's verb, speakers' logins, one-time codes, dates listed after a birth date.
  "word-names before verbs": repeat("Will said Mark has the Rose is on "),
  "speaker logins": repeat("\nppatel: x\nkenji.watanabe  11:02 "),
  "one-time codes": repeat("OTP for transfer to someone is 1234 验证码 "),
  "code fields about SMS": "sms otp " + repeat('{"code":"1234"},'),
  "listed birth dates": repeat("DOB: 1990-01-01 / 1991-02-02 / "),
  "birthdays without a year": repeat("birthday Dec 9 生日 3月"),
  "logins after keys": repeat("owner: a.b.c.d.e user=jsmith "),
  "logins after words": repeat("by kpatel ask zhangwei @lwei "),
  "logins in sshd and nginx lines": repeat("Accepted password for x 1 - y — "),
  "PINs": repeat("PIN is 12345678901 pin: pin="),
  // Round twelve: logins joined from two names, strong values, webhook URLs, backup codes, lists and
  // columns of names, chats without timestamps.
  "joined logins": repeat("anna.smith_jones.lee."),
  "strong values": repeat("k: Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#Ab1!#"),
  "webhook URLs": repeat("https://x.example/hook/hook/hook?key=0123456789abcdef0&"),
  "backup codes": repeat("backup codes 1234-5678 "),
  "labelled Han lists": repeat("参会：海燕、建国、"),
  "columns of names": "a,b,c\n" + repeat("Anna Smith,Will,Grace Okafor\n"),
  "chat lines without timestamps": repeat("Ahmed: hi\nClaire: yes\n"),
  // Round fourteen: logins in lists and as an audit line's subject, Korean and glued initials, rosters,
  // passwords in prose, another reading of a birth date.
  "bracketed login lists": repeat('"watchers": ["jsmith", "kpatel", '),
  "logins given to": repeat("granted to assigned to kbui "),
  "audit subjects": repeat("\njsmith.a_b-c logged "),
  "logins beside Han names": repeat("tangmin、王伟、"),
  "hyphenated syllables": repeat("Kim Ji-woo Ab-cd Park "),
  "glued initials": repeat("A.K.B. U.S. "),
  "rosters": "值班 " + repeat("周一 高峰 / "),
  "answers about a password": "password " + repeat("it's it is its Ab1 "),
  "passwords in prose": "密码 password " + repeat("旧的 old=new= as the pw (x) 密码x："),
  "another reading of a birth date": "DOB 1990-01-01" + repeat(", ID says 1990-01-02"),
  "compound surnames in running text": repeat("走皇甫明轩审批欧阳路"),
  "word-names joined before verbs": repeat("Grace and Hope both approved Faith "),
  "PIN answers": "passcode spin " + repeat("it was 2024 "),
  "UUID keys": repeat("key=0c9e2f4a-6b1d-4e8f-a3c5-7d2b9e1f0a64 "),
  "logins listed after a key": repeat("user=jsmith, kpatel, rsingh, mlopez, "),
  "logins under keys, line by line": repeat("user: jsmith, kpatel\n"),
  "names in other scripts": repeat("张伟 (Zhang Wei) Park Ji-woo (박지우) "),
  "pasted keys": "key " + repeat("a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6 "),
  // The context model for secrets: a cue before every token, tokens after a single cue, a token as long as a text.
  "tokens after cues": repeat("the signing secret is Hq4vT9zR2mW7, build Ab12-Cd34 "),
  "tokens after one cue": "token " + repeat("Hq4vT9zR2mW7 "),
  "one long token after a cue": "secret " + repeat("Hq4v-T9zR2mW7!"),
  "cues without tokens": repeat("passkeytokenauthpin 密码令钥 "),
  // Round fifteen: secret columns of SQL rows, recovery phrases, answered chat turns, passwords described then given.
  "rows under secret columns": "INSERT INTO u (login, password, pin) VALUES " + repeat("('a', 'b', '1234'), "),
  "unterminated secret rows": "INSERT INTO u (password) VALUES ('" + repeat("a'' "),
  "recovery phrase names": repeat("seed phrase: mnemonic recovery words 助记词 abc "),
  "recovery phrase words": "mnemonic: " + repeat("tiger lemon "),
  "asked for a password, line by line": repeat("what's the password?\nB: Ab12\n"),
  "passwords described": repeat("password is my name plus the year, 密码就是拼音加生日，"),
  "payment passwords after a clause": repeat("支付密码，是 123456"),
  "aligned credential columns": repeat("pgp_passphrase    a b c "),
  "shell prompts without an end": repeat("\nab@host:~ [cd@web ~ "),
  "URL users": repeat("ssh://ab@ssh://"),
  "domain accounts": repeat("CORP\\abc\\DEF\\"),
  "su without a user": repeat("su - su su -l "),
  "capitals before commas": repeat("HOLLOWAY, JAMES T, "),
  "middle initials": "Name: " + repeat("LUCIA M "),
  "chat apps' speakers": "微信聊天\n" + repeat("【企业微信】鹏飞：[飞书] 高峰: "),
  "deeds done to things": repeat("Will pasted it Rich (ext 1 Hope found the "),
  "names before 本人": repeat("需要曹建国本人投保人本人"),
  "quoted CSV cells under a dob column": "id,dob\n" + repeat('1,"a,b,c,d",'),
  "Hijri months": "born on " + repeat("2 Ramadan 14 "),
  "phones without a plus": repeat("msisdn: 2348035550 "),
  // Found by review: questions on one long line over a long blank answer, e-mails in brackets on one line.
  "questions before a long blank line": repeat("pw?").slice(0, SIZE / 2) + "\n" + " ".repeat(SIZE / 2),
  "Chinese questions before a long line": repeat("密码?").slice(0, SIZE / 2) + "\nabcdefgh" + " ".repeat(SIZE / 2 - 10) + "x",
  "PIN questions line by line": repeat("pin? \n"),
  "addresses in brackets on one line": repeat("<a=b@c.example> "),
  "folded header lines": "References:" + repeat("\n <a@b.example>"),
  // Round sixteen.
  "SQL lists without a closing bracket": repeat("actor IN ('ab', 'cd', "),
  "SQL lists of many logins": "user_name IN (" + repeat("'jsmith',") + ")",
  "lock words without a value": repeat("safe combination was changed to the vault code is "),
  "months of other languages": "nacido el " + repeat("1 de agosto de 1 mars "),
  "escaped JSON keys": repeat('{\\"holder\\":\\"'),
  "capitals glued to digits": repeat("Anna Berg PL28 "),
  "joint roles": repeat("Co-applicant: co_owner: "),
  "surnames of a family": repeat("Ebere Okoro Tobenna Okoro "),
  "names called before commas": repeat("\n海燕，明天上午的评审会"),
  "given names among people": "Kwame Asante called. " + repeat("Ruby already. June is "),
  "trunk-8 numbers": repeat("8 (495) 555-01-77 1800 555 0"),
  // Found by review: a wide table under an ssn header read its header once per number.
  "nine-digit columns under an ssn header": "ssn|a|b|c|d|e|f|g\n" + repeat("219094387|219094387|219094387|219094387\n"),
  "nine-digit CSV under an ssn header": "ssn,a,b,c\n" + repeat("219094387,219094387,219094387,219094387\n"),
  // After set s.
  "card codes beside cards": "4111 1111 1111 1111 " + repeat("cvv 123 cvc2 CSC "),
  "names before resident IDs": repeat("1. 欧阳建国 110101199003074514 "),
  "chat stamps without a speaker": repeat("\n2026-12-01 15:02 胡建国"),
  "pinyin logins with initials": repeat("user=zhangwf owner=sima.jj "),
  "key-value rows without an end": "\n" + repeat("owner      a"),
  "auth pairs without a close": repeat('auth=("ab", "cdef'),
  "pin keys and gaps": repeat("hsm_pin    12 "),
  // Round seventeen: the context model weighs the capitalised names the rules leave.
  "word names in sentences": repeat("loop in Grace from ops, ask Will. Hope is "),
  "given names the rules leave": repeat("Amara Bello, "),
  "names beside firms' words": repeat("Grace Hall Hope Ave Will "),
  "Han word-names in sentences": repeat("通知高峰明早到，夏天说"),
  "surnames without a break": repeat("欧阳王李张"),
};

/**
 * Least CPU time of a few runs, in ms. CPU time rather than wall time, and the least rather than
 * the mean, so that other work on a busy machine is not mistaken for backtracking.
 */
function cpuMs(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * How much slower this machine runs now than the one the bound was set on: CPU time of a fixed,
 * PII-free workload (a regex scan and a word count over 100 KB) against its 8 ms there, never below
 * 1 nor above 2. Shared CI hosts slow down by half for seconds at a time; a detector that
 * backtracks is slower by far more than that, whatever the machine.
 */
const REFERENCE_MS = 8;
const REFERENCE_TEXT = "The quick brown fox, 12 jumps; over the lazy dog: 3.14 ".repeat(1800);
function machineSlowdown(): number {
  const words = /[A-Za-z]+|\d+(?:\.\d+)?|[,;:]/g;
  const reference = () => {
    for (let k = 0; k < 3; k++) {
      words.lastIndex = 0;
      while (words.exec(REFERENCE_TEXT));
      const counts = new Map<string, number>();
      for (const word of REFERENCE_TEXT.split(" ")) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  };
  return Math.min(2, Math.max(1, cpuMs(5, reference) / REFERENCE_MS));
}

describe("adversarial input", () => {
  it("is scanned and redacted in linear time: under 50 ms per 100 KB each", () => {
    // A server runs warm: compile every detector's path before timing, as real traffic would.
    const warmUp = Object.values(ADVERSARIAL).map((text) => text.slice(0, 10_000)).join("\n");
    for (let i = 0; i < 20; i++) redactText(warmUp, { secret: "s" });
    const timings = Object.entries(ADVERSARIAL).map(([name, text]) => {
      const redact = () => redactText(text, { secret: "s" });
      // On a shared machine one stretch of runs can be slow as a whole (twice as slow, seconds long):
      // an input near the bound is timed again, later. Backtracking is slow in every stretch.
      let ms = cpuMs(5, redact);
      let bound = 50;
      for (let retry = 0; retry < 3 && ms >= 35; retry++) {
        ms = Math.min(ms, cpuMs(5, redact));
        bound = 50 * machineSlowdown();
      }
      return { name, ms, bound };
    });
    console.log(`PII adversarial inputs, 100 KB each:\n${timings.map((t) => `${t.name.padEnd(22)} ${t.ms.toFixed(1).padStart(6)} ms${t.bound > 50 ? ` (bound ${t.bound.toFixed(0)} ms: this machine is slower now)` : ""}`).join("\n")}`);
    for (const { name, ms, bound } of timings) expect(ms, `${name} took ${ms.toFixed(1)} ms`).toBeLessThan(bound);
    // The bound is on CPU time per input; warming up and timing every input takes a minute or more
    // of wall time on a busy machine.
  }, 240_000);
});
