import { describe, expect, it } from "vitest";
import { scanText } from "./scan";

const found = (text: string) => scanText(text).map((f) => [f.type, f.text]);
const people = (text: string) => scanText(text).filter((f) => f.type === "PERSON").map((f) => f.text);

// Names, secrets, addresses and birth dates as logs, chats and SQL write them (issue 14, round
// five): one case per rule, each with the span a reader would redact; the corpus
// (corpus/*.jsonl) holds more wordings of each and the hard negatives.
describe("names where only a person can stand", () => {
  it("finds a given name inside a sentence, or before a modal verb, and folds accents for the lists", () => {
    expect(people("The spare keys are with Akosua until Friday.")).toEqual(["Akosua"]);
    expect(people("Esperanza will cover the front desk while I'm out.")).toEqual(["Esperanza"]);
    expect(people("Forwarded the lease to Jürgen; he'll countersign on Monday.")).toEqual(["Jürgen"]);
  });

  it("finds a name no list knows after a greeting or a kin word, and a full name listed next to one", () => {
    expect(people("Hi Zanele,\nyour replacement card ships today.")).toEqual(["Zanele"]);
    expect(people("My husband Tesfaye will pick up the order, he has the reference.")).toEqual(["Tesfaye"]);
    expect(people("Hi, it's Tamsin Achterberg, returning your call.")).toEqual(["Tamsin Achterberg"]);
    expect(people("hey it's Friday again, deploy freeze at noon")).toEqual([]);
    expect(people("Shout-out to Phumzile Ndlovu and Siyabonga Mthembu for the migration!")).toEqual(["Phumzile Ndlovu", "Siyabonga Mthembu"]);
  });

  it("leaves places, storms, firms and towns with their state alone", () => {
    expect(people("Take the 38 bus along Spencer Street, get off at Flinders Street Station.")).toEqual([]);
    expect(people("Typhoon Haikui and Hurricane Otis both made landfall in the same week.")).toEqual([]);
    expect(people("Audit by Ernst & Young, legal by Allen & Overy.")).toEqual([]);
    expect(people("Pilot stores: Springfield, Illinois and Columbus, Ohio.")).toEqual([]);
  });

  it("finds 小王 and 老刘, names after a weekday, a name again where it is a word, and the person handed to", () => {
    expect(people("老周说机房的空调又坏了，发票的事你找财务小邓。")).toEqual(["老周", "小邓"]);
    expect(people("排班：周三 蒋文博，周四 邹雨桐。")).toEqual(["蒋文博", "邹雨桐"]);
    expect(people("群聊记录\n@黎明 合同发你了\n黎明：好的，晚上看")).toEqual(["黎明", "黎明"]);
    expect(people("这批样品先交给安琪，她负责对接。")).toEqual(["安琪"]);
    expect(people("喂，您好，请问是郁晓彤吗？这边是物业。")).toEqual(["郁晓彤"]);
    expect(people("这是高铁吗？还是普通动车？")).toEqual([]);
    expect(people("每小时同步一次，最小高度 12 像素，小于 5 就报警；老师们辛苦了。")).toEqual([]);
  });
});

describe("secrets, addresses and birth dates as real logs write them", () => {
  it("reads a password with blanks when the text says so, and ';' or '&' inside one after a colon or in prose", () => {
    expect(found("my password is tulip garden 7 with two spaces")).toEqual([["SECRET", "tulip garden 7"]]);
    expect(found("密码是 ni hao 2026 ，中间有空格")).toEqual([["SECRET", "ni hao 2026"]]);
    expect(found("password: Salt&Pepper 99 (case sensitive)")).toEqual([["SECRET", "Salt&Pepper 99"]]);
    expect(found("pw: a;b")).toEqual([["SECRET", "a;b"]]);
    expect(found("The password is reset every 90 days.")).toEqual([]);
  });

  it("finds SQL passwords with doubled quotes and signed session cookies, not examples cut short", () => {
    expect(found("ALTER ROLE billing WITH PASSWORD 'it''s-Bill1ng#7';")).toEqual([["SECRET", "it''s-Bill1ng#7"]]);
    expect(found("CREATE USER 'r'@'%' IDENTIFIED BY 'Rp;2026#q\"x';")).toEqual([["SECRET", 'Rp;2026#q"x']]);
    expect(found("Cookie: session=eyJ1c2VyIjoiYW5hIn0.Zx9Q1a.m3Kp8Lw2Rv7Nt5Yb1Hc4Jd6F")).toEqual([
      ["SECRET", "eyJ1c2VyIjoiYW5hIn0.Zx9Q1a.m3Kp8Lw2Rv7Nt5Yb1Hc4Jd6F"],
    ]);
    expect(found('webhook_secret: "whsec_..."')).toEqual([]);
  });

  it("finds percent-encoded addresses, not a URL's user, and IPv4 addresses in parentheses", () => {
    expect(found("GET /users?email=priya.nair%40example.in HTTP/1.1")).toEqual([["EMAIL", "priya.nair%40example.in"]]);
    expect(found("git push https://$GITHUB_TOKEN@github.com/acme/infra.git")).toEqual([]);
    expect(found("the old VPN box (172.16.40.2) is still in use")).toEqual([["IP_ADDRESS", "172.16.40.2"]]);
  });

  it("finds birth dates as forms write them, after 出生： and in an INSERT's birth-date column", () => {
    expect(found("DOB: 14-Feb-1991")).toEqual([["DATE_OF_BIRTH", "14-Feb-1991"]]);
    expect(found("籍贯：广东\n出生：1979年11月8日")).toEqual([["DATE_OF_BIRTH", "1979年11月8日"]]);
    expect(found("INSERT INTO m (id, dob, joined) VALUES (1, '1990-01-31', '2024-05-01'), (2, '1988-12-02', '2024-05-03');")).toEqual([
      ["DATE_OF_BIRTH", "1990-01-31"],
      ["DATE_OF_BIRTH", "1988-12-02"],
    ]);
  });
});
