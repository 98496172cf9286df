import { describe, expect, it } from "vitest";
import { scanText } from "./scan";
import type { PiiType } from "./types";

const found = (text: string) => scanText(text).map((f) => [f.type, f.text]);
// The spans of one type found in a text, in order.
const spansOf = (type: PiiType) => (text: string) => scanText(text).filter((f) => f.type === type).map((f) => f.text);
const people = spansOf("PERSON");
const secrets = spansOf("SECRET");
const phones = spansOf("PHONE");
const dates = spansOf("DATE_OF_BIRTH");

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

// Round six (set F as a development set): one case per rule; the corpus holds more wordings of each.
describe("secrets as chats and notes give them", () => {
  it("finds a password-shaped token anywhere in a text about a password, but not a policy's template", () => {
    expect(found("Lin: what's the root password for the jump host?\nKai: Jump!Host_42, change it after")).toContainEqual(["SECRET", "Jump!Host_42"]);
    expect(found("用户名 admin，密码在便签上（Office@2026!）")).toContainEqual(["SECRET", "Office@2026!"]);
    expect(found("Password policy: 8+ characters, e.g. Xxxx@0000.").filter(([t]) => t === "SECRET")).toEqual([]);
    expect(found("Deploy Build#42 to Prod!Cluster at 5pm").filter(([t]) => t === "SECRET")).toEqual([]);
  });

  it("finds user / password pairs in a text about a login, not slashed words", () => {
    expect(found("the login for the printer is admin / Printer2024")).toContainEqual(["SECRET", "Printer2024"]);
    expect(found("Supports read / write and TCP / UDP; see the login docs.").filter(([t]) => t === "SECRET")).toEqual([]);
  });

  it("finds signed Express cookies, BitLocker recovery keys, docker tokens and keys as a URL's user", () => {
    expect(found("Cookie: connect.sid=s%3AaB3dE5fG7hJ9kL1mN.oP2qR4sT6uV8wX0yZ")).toEqual([["SECRET", "s%3AaB3dE5fG7hJ9kL1mN.oP2qR4sT6uV8wX0yZ"]]);
    expect(found("recovery key 123456-234567-345678-456789-567890-678901-789012-890123")).toEqual([["SECRET", "123456-234567-345678-456789-567890-678901-789012-890123"]]);
    expect(found("token dckr_pat_Zq7Lm2Xv9Rt4Kp1Wn8By3Cs")).toEqual([["SECRET", "dckr_pat_Zq7Lm2Xv9Rt4Kp1Wn8By3Cs"]]);
    expect(found("dsn: https://4f8a2c9e1b7d4e3f@o1.ingest.example.io/2")).toEqual([["SECRET", "4f8a2c9e1b7d4e3f"]]);
    expect(found("git clone https://deploy@git.example.com/a.git")).toEqual([]);
  });

  it("finds a PIN of four to eight digits after PIN and a colon, '=' or 'is', not the verb 'pin'", () => {
    expect(found("your initial PIN is 7720. For security")).toEqual([["SECRET", "7720"]]);
    expect(found("PIN code: 4821")).toEqual([["SECRET", "4821"]]);
    expect(found("pin the version to 1.2 and pin 2024 builds")).toEqual([]);
  });

    it("leaves placeholders in a key's shape and in brackets alone", () => {
    expect(found("AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX")).toEqual([]);
    expect(found("password=[REDACTED]")).toEqual([]);
  });
});

describe("numbers as logs and forms write them", () => {
  it("finds an address after an escaped line break or a glued -h, and not a network or a bootloader's version", () => {
    expect(found(String.raw`{"out":"hosts\n10.12.0.8 db\n"}`)).toEqual([["IP_ADDRESS", "10.12.0.8"]]);
    expect(found("mysql -h192.168.1.20 -uroot")).toEqual([["IP_ADDRESS", "192.168.1.20"]]);
    expect(found("迁移 172.18.0.0 网段的服务器")).toEqual([]);
    expect(found("firmware updated, bootloader 10.4.2.1 unchanged")).toEqual([]);
  });

  it("finds an SSN in parentheses and an IBAN so labelled whose length is off but whose check digits hold", () => {
    expect(found("my SSN (331-07-5528) again?")).toEqual([["US_SSN", "331-07-5528"]]);
    expect(found("IBAN CH800076201162385295 rejected")).toEqual([["IBAN", "CH800076201162385295"]]);
    expect(found("ref CH800076201162385295 rejected")).toEqual([]);
  });

  it("finds local, Indian and parenthesised-area phone numbers only after a word that says phone", () => {
    expect(found("call 555-0176 tonight")).toEqual([["PHONE", "555-0176"]]);
    expect(found("or phone 98201 55014")).toEqual([["PHONE", "98201 55014"]]);
    expect(found("telefone (21) 98765-4321")).toEqual([["PHONE", "(21) 98765-4321"]]);
    expect(found("room 555-0176, build 98201 55014")).toEqual([]);
  });

  it("finds a birth date by the resident ID that holds it, after a bare 出生 or a birth column, and a birthday without a year", () => {
    expect(found("林晓雯 | 1990-05-17 | 110105199005172340")).toContainEqual(["DATE_OF_BIRTH", "1990-05-17"]);
    expect(found("被保险人 出生 1986 年 7 月 22 日")).toContainEqual(["DATE_OF_BIRTH", "1986 年 7 月 22 日"]);
    expect(found("INSERT INTO t(name, birth) VALUES ('x', '1973-08-05');")).toEqual([["DATE_OF_BIRTH", "1973-08-05"]]);
    expect(found("客服：请告诉我您的出生日期\n用户：1982年11月11日")).toContainEqual(["DATE_OF_BIRTH", "1982年11月11日"]);
    expect(found("Reminder: the birthday is Dec 9, cake at 3")).toEqual([["DATE_OF_BIRTH", "Dec 9"]]);
    expect(found("The release is on Dec 9.")).toEqual([]);
  });
});

// Round seven, tuned on set G (tests/pii-heldout): the rules, each with a case a reader would redact and one to leave.
describe("round seven: credentials, phones, booking names and dates as set G wrote them", () => {
  it("reads a password in a double-quoted URL up to its '@' whatever quote it holds, and a default one as written", () => {
    expect(secrets(`mongo "mongodb://admin:M0ngo'Adm!n@10.8.0.2:27017/admin"`)).toEqual(["M0ngo'Adm!n"]);
    expect(secrets(`[database]\npassword = "changeme"`)).toEqual(["changeme"]);
    expect(secrets(`'postgres://app:${"$"}{DB_PASSWORD}@db/app'`)).toEqual([]);
  });

  it("finds session cookies in hex, a PIN after capitals and a blank, and creds or pw named in prose", () => {
    expect(secrets("Cookie: sessionid=8f2b1c9e4d7a6f3b0e5c2d1a9b8c7e6f; theme=dark")).toEqual(["8f2b1c9e4d7a6f3b0e5c2d1a9b8c7e6f"]);
    expect(secrets("JSESSIONID=A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6; Path=/")).toEqual(["A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6"]);
    expect(secrets("trace session_id=3f2a9c1e7b6d4a0f8e2c1b9d7a6f5e4c step=2")).toEqual([]);
    expect(secrets("Preparer PIN 55821.")).toEqual(["55821"]);
    expect(secrets("solder pin 1234 to the header")).toEqual([]);
    expect(secrets("IPMI creds are ADMIN / Ipm1-R4ck!4 until Friday")).toEqual(["Ipm1-R4ck!4"]);
    expect(secrets("the ldap bind pw is literally P@55w0rd! on the old DC")).toEqual(["P@55w0rd!"]);
    expect(secrets("POST /v1/auth/token HTTP/1.1")).toEqual([]);
  });

  it("finds phones written the North American way outside its plan after a cue, with their extension", () => {
    expect(phones("Phone: (555) 010-4478")).toEqual(["(555) 010-4478"]);
    expect(phones("Pager 555-0100 x214.")).toEqual(["555-0100 x214"]);
    expect(phones("有事打 021-5555 0199 转 8021")).toEqual(["021-5555 0199 转 8021"]);
    expect(phones("build 555.013.7790 passed")).toEqual([]);
  });

  it("finds booking names with particles after a label in either script, and dates as bookings write them", () => {
    expect(found("Passenger: VAN DER BERG/HENDRIK MR\nDOB: 03MAR1968")).toEqual([["PERSON", "VAN DER BERG/HENDRIK"], ["DATE_OF_BIRTH", "03MAR1968"]]);
    expect(people("旅客：ZHOU/JIE 护照 E12345678")).toEqual(["ZHOU/JIE"]);
    expect(people("支持 TCP/UDP 与 HTTP/HTTPS")).toEqual([]);
    expect(found("就诊人 龙小雨（2018-03-09 出生）")).toEqual([["PERSON", "龙小雨"], ["DATE_OF_BIRTH", "2018-03-09"]]);
    expect(found("新规 2026-01-01 生效")).toEqual([]);
    expect(people("驾驶员信息：拓跋宏，驾驶证号见附件")).toEqual(["拓跋宏"]);
    expect(people("甲方：包贝贝  乙方：Oliver Grant")).toEqual(["包贝贝", "Oliver Grant"]);
  });
});

describe("round seven: logins made of a name", () => {
  it("finds an initial and a surname or a pinyin name where a login stands, never a word or a package scope", () => {
    expect(people('FATAL: password authentication failed for user "jsmith"')).toEqual(["jsmith"]);
    expect(people("Merge pull request #4412 from hkhalil/fix-iban-validation")).toEqual(["hkhalil"]);
    expect(people("VPN 账号用 laowang，服务器见群公告")).toEqual(["laowang"]);
    expect(people("reporter=zhangwei status=open")).toEqual(["zhangwei"]);
    expect(people("user=admin user=stone user=jenkins user=deploy owner=platform @channel")).toEqual([]);
    expect(people("Error: Cannot find module '@babel/preset-env'")).toEqual([]);
  });

  it("finds a name's parts joined by dots under a person key, in sshd and nginx lines, after by or a signature's dash, and in an owner column", () => {
    expect(people('annotations:\n  owner: "svetlana.morozova"')).toEqual(["svetlana.morozova"]);
    expect(people("Acked-by: e.van.den.berg <e.vandenberg@example.net>")).toEqual(["e.van.den.berg"]);
    expect(people("sshd[28811]: Accepted publickey for vkrishnan from 192.168.40.12 port 51301")).toEqual(["vkrishnan"]);
    expect(people('203.0.113.66 - zhangmin [30/Nov/2026:10:21:07 +0800] "POST /api/login HTTP/1.1" 401')).toEqual(["zhangmin"]);
    expect(people("# TODO remove the default — nkoh")).toEqual(["nkoh"]);
    expect(people("2026-11-30 [audit] 管理员 kong.lingyu 导出了用户数据")).toEqual(["kong.lingyu"]);
    expect(people("owner,service,tier\ndsantos,payments-gw,1\nplatform,search,2")).toEqual(["dsantos"]);
    expect(people("metadata:\n  name: billing-api\n  owner: platform-team\nauthor: j.query grace.period=5")).toEqual([]);
  });
});

describe("round seven, third part: secrets as set i wrote them", () => {
  it("finds sqlcmd's -P, Vault tokens, Slack webhook paths, two-part signed cookies and passcodes", () => {
    expect(secrets("sqlcmd -S db01 -U sa -P 'Qx#Adm1n;2027!' -Q \"SELECT 1\"")).toEqual(["Qx#Adm1n;2027!"]);
    expect(secrets("sqlcmd -S db01 -p 1")).toEqual([]);
    expect(secrets("runbook still has hvs.CAESIPq7rT2mR7vL0nB4yC8dF1gH6jKx in it")).toEqual(["hvs.CAESIPq7rT2mR7vL0nB4yC8dF1gH6jKx"]);
    expect(secrets('url = "https://hooks.example.com/services/T0A1B2/B9C8D7/aB3dE5fG7hJ9kL1mN3pQ5rS7"')).toEqual(["aB3dE5fG7hJ9kL1mN3pQ5rS7"]);
    expect(secrets("Set-Cookie: __Host-session=eyJ1aWQiOjQyfQ.Zp4qL7wT2mR9xN1v; Path=/")).toEqual(["eyJ1aWQiOjQyfQ.Zp4qL7wT2mR9xN1v"]);
    expect(secrets("the door passcode 884213 changes monthly")).toEqual(["884213"]);
  });

  it("reads a token with ';' inside in a text about a secret, a key after an acronym, and the word after a key's name before prose", () => {
    expect(secrets("the root secret is still Rt!9x;blue-f0x, rotate it")).toEqual(["Rt!9x;blue-f0x"]);
    expect(secrets("EncodingAESKey Qm3Nk2Pz9Rt4Xw7Yc1Bd5Fh6Gj0Hs2Ka8UoVq8LmPzT9，负责人")).toEqual(["Qm3Nk2Pz9Rt4Xw7Yc1Bd5Fh6Gj0Hs2Ka8UoVq8LmPzT9"]);
    expect(secrets("gave the integration key pd_int_9a8b7c6d5e4f to Omar")).toEqual(["pd_int_9a8b7c6d5e4f"]);
    expect(secrets("API_KEY=your-api-key-here, TOKEN=insert_token_here")).toEqual([]);
    expect(secrets("theme=dark;path=/ and the admin page")).toEqual([]);
  });
});

describe("round nine: names without their other half (set k as development set)", () => {
  it("finds a Chinese given name alone where only a person stands, never a word made of name characters", () => {
    expect(people("思琪说合同下周才能签。")).toEqual(["思琪"]);
    expect(people("报表先发给梓涵。")).toEqual(["梓涵"]);
    expect(people("嘉怡：方案我看完了\n浩宇：那我今晚改\n嘉怡：好")).toEqual(["嘉怡", "浩宇", "嘉怡"]);
    expect(people("周五前记得续费，别忘了。— 阿强")).toEqual(["阿强"]);
    expect(people("下月初是欣妍生日，蛋糕我来订。")).toEqual(["欣妍"]);
    expect(people("明天说不定会下雨，平安第一。")).toEqual([]);
    expect(people("结论：按原计划推进\n备注：无")).toEqual([]);
  });

  it("finds a given name again after its full name, and a surname with the title colleagues use", () => {
    expect(people("新同事 上官婉清 今天入职，婉清负责对账。")).toEqual(["上官婉清", "婉清"]);
    expect(people("合同在韩总那里，盖章后找钱工对一下参数。")).toEqual(["韩", "钱"]);
    expect(people("总部通知：加工费汇总后上报，员工福利另计。")).toEqual([]);
  });

  it("finds a given name that is also a word after a greeting, in a signature, or as the one told or asked", () => {
    expect(people("Hey Hope,\nthe replacement ships Monday.")).toEqual(["Hope"]);
    expect(people("See attached.\n\nCheers,\nMiles")).toEqual(["Miles"]);
    expect(people("Remind Faith the audit starts at nine.")).toEqual(["Faith"]);
    expect(people("Hi all,\nthe freeze starts at noon.\n\nThanks,\nRelease Team")).toEqual([]);
    expect(people("Ask Finance whether the refund cleared.")).toEqual([]);
  });

  it("finds a full name's parts and the logins built from it elsewhere in the text", () => {
    expect(people("Onboarded Beatriz Okonkwo-Salas today; her login is bokonkwosalas. Beatriz starts Monday.")).toEqual([
      "Beatriz Okonkwo-Salas",
      "bokonkwosalas",
      "Beatriz",
    ]);
  });

  it("finds logins after ssh, a client's user flag, a Chinese operator label, and in a list after one", () => {
    expect(people("$ ssh -p 2200 tnguyen@10.4.0.9 'uptime'")).toEqual(["tnguyen"]);
    expect(people("curl --user jkowalski:hunter2x https://ci.example/api")).toEqual(["jkowalski"]);
    expect(people("[变更] 审批人 liuyang 已通过")).toEqual(["liuyang"]);
    expect(people("Please deactivate mgarcia, svc-backup and rsingh today.")).toEqual(["mgarcia", "rsingh"]);
    expect(people("ssh deploy@10.0.0.4 && disable caching, logging and retries")).toEqual([]);
  });
});

describe("round nine: birth dates, phones and secrets (set k as development set)", () => {

  it("finds a birth date further on in its cue's sentence, after an answer's first words, in other languages and in Chinese numerals", () => {
    expect(dates("The DOB we hold for this policy holder is 14 July 1979, please verify.")).toEqual(["14 July 1979"]);
    expect(dates("Bot: What's the account holder's date of birth?\nUser: yes it's 1983-11-02")).toEqual(["1983-11-02"]);
    expect(dates("Date de naissance : 05/06/1971")).toEqual(["05/06/1971"]);
    expect(dates("客户出生于一九八七年十二月二十日，籍贯浙江。")).toEqual(["一九八七年十二月二十日"]);
    expect(dates("The birthday promo runs until 2026-12-31.")).toEqual([]);
    expect(dates("DOB check failed for order 88123 on 1990-01-01")).toEqual([]);
  });

  it("finds two-digit area codes without parentheses, Chinese landlines with an extension or a full-width area code", () => {
    expect(phones("Cel: 81 8354 2210 (Monterrey)")).toEqual(["81 8354 2210"]);
    expect(phones("总机 021-63218800-315，转人事")).toEqual(["021-63218800-315"]);
    expect(phones("门店电话（0571）8765 4321")).toEqual(["（0571）8765 4321"]);
    expect(phones("batch 12 3456 7890 shipped")).toEqual([]);
  });

  it("reads every generated value of a Kubernetes Secret's data, a JWE, and leaves documentation keys and fillers alone", () => {
    expect(secrets("kind: Secret\ntype: Opaque\nstringData:\n  ledger_seed: Qm7vT2xL9pR4wZ8k\n  region: ap-south-1")).toEqual(["Qm7vT2xL9pR4wZ8k"]);
    expect(secrets("jwe=eyJhbGciOiJSU0EtT0FFUCJ9.Zk3Lm9Qx2.Vb7Nc1Tr8Wq.Pz4Kd8Hs2Lm6Xq0Rt.Yc3Bn7Vf")).toHaveLength(1);
    expect(secrets("export AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")).toEqual([]);
    expect(secrets("DEEPSEEK_API_KEY=sk-xxxxxxxxxxxxxxxxxxxx")).toEqual([]);
    expect(secrets("see https://api.example.com/bot<token>/getUpdates?offset=1")).toEqual([]);
  });
});

describe("round ten (set l as development set)", () => {

  it("finds word-names as the subject of a person's verb, after a dash, named agents, mentions, and not cities or verbs", () => {
    expect(people("Faith approved the payout before lunch.")).toEqual(["Faith"]);
    expect(people("Keys are in the drawer. — Hope")).toEqual(["Hope"]);
    expect(people("Rep (Hope): one moment please")).toEqual(["Hope"]);
    expect(people("@summer can you take the 2pm call?")).toEqual(["summer"]);
    expect(people("Dear June,\nyour statement is ready.")).toEqual(["June"]);
    expect(people("The buyer in Florence says the parcel arrived. Will you confirm? Mark the box.")).toEqual([]);
  });

  it("finds logins after login, operator, principal and 'logged in as', in chat exports, and with digits after the name", () => {
    expect(people("machine ftp.example\n  login tkaplan\n  password x")).toEqual(["tkaplan"]);
    expect(people("audit: principal=j.okafor action=export")).toEqual(["j.okafor"]);
    expect(people("she logged in as marta.silva from a new device")).toEqual(["marta.silva"]);
    expect(people("tnakamura: LGTM\nrsingh: merging now")).toEqual(["tnakamura", "rsingh"]);
    expect(people("[告警] user=zhanglei2019 异地登录")).toEqual(["zhanglei2019"]);
    expect(people("git clone https://oauth2:@gitlab.example/x.git\ncnic: (not provided)")).toEqual([]);
  });

  it("finds Chinese speakers whose surname is mostly a word, and people after 坐席, 审批 and 配偶", () => {
    expect(people("截图转文字：\n高翔：订单一直没发货\n高翔：能帮我查下吗\n客服：好的")).toEqual(["高翔", "高翔"]);
    expect(people("质检记录：坐席许嘉欣（工号 K0033）复述了客户卡号")).toEqual(["许嘉欣"]);
    expect(people("订单信息\n金额：120\n房型：大床房\n房东：已确认")).toEqual([]);
  });

  it("finds one-time codes, crypto keys by their name, wifi passwords, pass_phrase keys, and not card tokens or variables", () => {
    expect(secrets("Your verification code is 318204. It expires in 5 minutes.")).toEqual(["318204"]);
    expect(secrets('sms.send({"template":"otp","data":{"code":"550917"}})')).toEqual(["550917"]);
    expect(secrets("【银行】您的验证码为 662019，请勿泄露。")).toEqual(["662019"]);
    expect(secrets('HMAC_KEY = "9c1e4b7a2f6d8e3c5a0b1d7f4e2c9a6b"')).toEqual(["9c1e4b7a2f6d8e3c5a0b1d7f4e2c9a6b"]);
    expect(secrets('the guest wifi this week is "Harbor!Lights88"')).toEqual(["Harbor!Lights88"]);
    expect(secrets("pass_phrase: quiet-Meadow-Lantern-42")).toEqual(["quiet-Meadow-Lantern-42"]);
    expect(secrets('{"status":"error","code":"400123"} and "card_token":"tok_9Zx2"; requests.get(u, auth=api_token)')).toEqual([]);
  });

  it("finds birth dates after dot leaders and an aside, the dates listed or corrected after one, and not a place of birth's next line", () => {
    expect(dates("Date of birth ........ 14 March 1971")).toEqual(["14 March 1971"]);
    expect(dates("Guest DOB (lead pax): 04APR1985")).toEqual(["04APR1985"]);
    expect(dates("DOB: 1980-02-11 / 1982-07-30 (co-borrowers)")).toEqual(["1980-02-11", "1982-07-30"]);
    expect(dates("Place of birth: Lyon\nIssued: 2019-05-02")).toEqual([]);
  });

  it("reads a long grouped tracking number as no phone, and keeps a card written before a phone", () => {
    expect(phones("Tracking 9205 5000 0000 1234 5678 90 (USPS)")).toEqual([]);
    expect(scanText("pay 4111 1111 1111 1111 0755 8888 1234").map((f) => f.type)).toContain("CREDIT_CARD");
  });
});

describe("round eleven (set m as development set)", () => {
  it("finds a given name that is also a word before a surname no list knows, and a signature after a blank line", () => {
    expect(people("Signed off by Faith Ekwueme before the cut-off.")).toEqual(["Faith Ekwueme"]);
    expect(people("Kind regards,\n\nHope Vanterpool\nHead of Treasury")).toEqual(["Hope Vanterpool"]);
    expect(people("Reviewed-by: Grace Mbatha <gmbatha@example.org>")).toEqual(["Grace Mbatha"]);
    expect(people("The Grace Period ends on Friday; Will Return Policy apply?")).toEqual([]);
  });

  it("finds names written in capitals on statements and labels, and not capitalised words, firms or holidays", () => {
    expect(people("01-DEC-26  TRF FROM OLUWASEUN ADEYEMI/ACCESS   CR  20,000.00")).toEqual(["OLUWASEUN ADEYEMI"]);
    expect(people("DELIVER TO:\nPRIYA RAGHAVAN\n12 Elm Close")).toEqual(["PRIYA RAGHAVAN"]);
    // With no title-case word anywhere in the text.
    expect(people("refund for OLUWASEUN ADEYEMI-COLE, ref 88120")).toEqual(["OLUWASEUN ADEYEMI-COLE"]);
    expect(people("WARN UPSTREAM PAYMENT GATEWAY TIMEOUT AFTER RETRY")).toEqual([]);
    expect(people("GOLDMAN SACHS INTERNATIONAL and MARTIN LUTHER KING DAY")).toEqual([]);
  });

  it("reads the other cells of a person column as names once most of its cells are names", () => {
    const table = "| Assignee | Queue |\n|---|---|\n| Kwame Asante | refunds |\n| Sofia Marquez | chargebacks |\n| Hassan | kyc |\n| Unassigned | fraud |";
    expect(people(table)).toEqual(["Kwame Asante", "Sofia Marquez", "Hassan"]);
    // One name is not most of a column, so the column rule leaves "Grace" there; since round seventeen
    // the context model reads a given name alone on an owner's line beside a person as a person, the
    // safer mistake. (A name that is nothing else, "Hassan", is read under a person's column on its own.)
    expect(people("owner,service\nPlatform Team,ledger\nKwame Asante,kyc\nGrace,fx\nPayments Guild,fx")).toEqual(["Kwame Asante", "Grace"]);
  });

  it("finds a secret's id, a private key's id and a signing key, and not another key's id", () => {
    expect(secrets("ALIBABA_SECRET_ID=Qm7Tz2Lx9Vb4Rn8Wc3Hp6Jd1")).toEqual(["Qm7Tz2Lx9Vb4Rn8Wc3Hp6Jd1"]);
    expect(secrets('{"private_key_id": "7c2e9a4b1d6f3e8a5c0b7d2e9f4a1c6b3e8d5f0a"}')).toEqual(["7c2e9a4b1d6f3e8a5c0b7d2e9f4a1c6b3e8d5f0a"]);
    expect(secrets("callback sign_key=5e8a1c4b7d0f3a6e9c2b5d8f1a4e7c0b status=401")).toEqual(["5e8a1c4b7d0f3a6e9c2b5d8f1a4e7c0b"]);
    expect(secrets("kms_key_id=arn:aws:kms:eu-west-1:111122223333:key/1a2b3c4d and design_key=layout-v2")).toEqual([]);
  });

  it("finds birth dates after Geb.-Datum and in an INSERT into a table named in Chinese, and a person after Herrn", () => {
    expect(dates("Geb.-Datum: 03.07.1988, Ausweis geprüft")).toEqual(["03.07.1988"]);
    expect(dates("INSERT INTO 客户 (编号, 生日) VALUES ('C1', '1990-04-12');")).toEqual(["1990-04-12"]);
    expect(people("Bitte Herrn Albrecht zurückrufen.")).toEqual(["Albrecht"]);
  });
});

describe("round twelve (set n as development set)", () => {
  it("finds a chat robot's key in its webhook URL, and not a webhook's name or a plain path", () => {
    expect(secrets("告警推送 https://oapi.dingtalk.com/robot/send?access_token=9f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6 已配置")).toEqual([
      "9f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
    ]);
    expect(secrets("POST https://hooks.example.net/api/webhooks/884422116655/Zq8Rt3Lm0Vx7Np2Ks5Hw9Bj4Fd6Gc1Ay ok")).toEqual(["Zq8Rt3Lm0Vx7Np2Ks5Hw9Bj4Fd6Gc1Ay"]);
    expect(secrets("see https://docs.example.com/webhooks/incoming-webhook-setup and /robot/status")).toEqual([]);
  });

  it("finds a passcode in digits, a memorable word, backup codes and a strong value under any key", () => {
    expect(secrets("Phone banking passcode: 508213")).toEqual(["508213"]);
    expect(secrets("Security answer: marmalade\nBranch: Leeds")).toEqual(["marmalade"]);
    expect(secrets("Recovery codes\n4f7k-2m9q  8d3x-5p1w\nStore them offline. Issued 2026-10-04.")).toEqual(["4f7k-2m9q", "8d3x-5p1w"]);
    expect(secrets("legacy:\n  shh: 'Rw4&zK9!tB2@qN7m'\n  window: \"Sat 01:00-03:00 UTC\"")).toEqual(["Rw4&zK9!tB2@qN7m"]);
    // A password's hash, a masked key and a format string are not secrets.
    expect(secrets('hash: "$2a$10$Vb7Qx2Lm9Rt4Kw1Np8Zs3Oe5Hj6Gd0Fc.yT2uI8oP4aS6dF9gH1jK"\nshown: sk_live_****************9aQz\nfmt: "%Y-%m-%d!#"')).toEqual([]);
    expect(secrets("Token (last four shown): ghp_...7Kq2")).toEqual([]);
    expect(secrets("PAYMENT_KEY=pk_test_xxxxxxxxxxxxxxxxxxxx")).toEqual([]);
  });

  it("reads no phone number inside a UUID, and still one beside it", () => {
    expect(phones("trace 00971083-2069-4265-a46c-ef42d8b0b56e failed")).toEqual([]);
    expect(phones("trace 00971083-2069-4265-a46c-ef42d8b0b56e, call 415-555-0123")).toEqual(["415-555-0123"]);
  });

  it("does not hold a Kubernetes Secret's username or host for secrets", () => {
    const manifest = "kind: Secret\ndata:\n  username: bGVkZ2VyX2FwcA==\n  host: cGcuaW50ZXJuYWw=\n  password: U2VjcjN0IVBhc3MyMDI2";
    expect(secrets(manifest)).toEqual(["U2VjcjN0IVBhc3MyMDI2"]);
  });

  it("finds a name after a greeting or a role, as someone asked for in person, and after a role in brackets", () => {
    expect(people("你好谢婷，退款已经原路返回了。")).toEqual(["谢婷"]);
    expect(people("有问题可以找项目经理韩冬，他今天在。")).toEqual(["韩冬"]);
    expect(people("请问您是夏天本人吗？")).toEqual(["夏天"]);
    expect(people("担保人（保证人）：安然，电话已核实")).toEqual(["安然"]);
    expect(people("今年夏天的活动预算还没批。")).toEqual([]);
  });

  it("finds logins joined from two names wherever they stand, not identifiers", () => {
    expect(people('sudo: auth failure for "hamid.rahimi" on jump01')).toEqual(["hamid.rahimi"]);
    expect(people("added reviewers: chiamaka_nwosu")).toEqual(["chiamaka_nwosu"]);
    expect(people("fields: payer_iban, last_ip, grace.period, demo_sales, app.kubernetes")).toEqual([]);
  });

  it("finds a given name again after it was found alone or in a 'Last, First' display name", () => {
    expect(people('From: "Mensah, Kofi" <k.mensah@example.org>\n\nPlease approve.\nKofi')).toEqual(["Mensah, Kofi", "Kofi"]);
    expect(people("Hi Oluchi, thanks.\nOluchi → platform: escalate if needed")).toEqual(["Oluchi", "Oluchi"]);
  });
});

describe("round twelve: lists and columns of names", () => {
  it("reads every item of a list after a person's label as a name, even words, and not departments", () => {
    expect(people("出席：秋菊、国栋、晓峰\n议题：年终结算")).toEqual(["秋菊", "国栋", "晓峰"]);
    expect(people("列席：春燕、国栋。议题另定")).toEqual(["春燕", "国栋"]);
    expect(people("参会：研发部、产品部、测试组")).toEqual([]);
    expect(people("审批：同意、驳回")).toEqual([]);
  });

  it("finds the other names of a column once others were found in it, again in other columns", () => {
    const rota = "| Day | Lead | Backup |\n|---|---|---|\n| Mon | Chidi Okeke | Hope Achieng |\n| Tue | Marta Kowalczyk | Chidi Okeke |\n| Wed | Grace | Marta Kowalczyk |";
    expect(people(rota)).toEqual(["Chidi Okeke", "Hope Achieng", "Marta Kowalczyk", "Chidi Okeke", "Grace", "Marta Kowalczyk"]);
    const queues = "| Region | Queue | Status |\n|---|---|---|\n| Lagos | Refunds | Open |\n| Nairobi | Disputes | Closed |\n| Accra | Grace period | Open |";
    expect(people(queues)).toEqual([]);
  });

  it("reads numbered person keys, 'Verified by:' and plural keys as labels, and an audit log's actor", () => {
    expect(people("Guarantor 2: Oyelaran Bamidele\nRelation: uncle")).toEqual(["Oyelaran Bamidele"]);
    expect(people("Refund 88213\nAuthorised by: Lindqvist")).toEqual(["Lindqvist"]);
    expect(people('{"event":"role.grant","actor":"m.okafor","target":"svc-ledger"}')).toEqual(["m.okafor"]);
    expect(people("Room 2: Deluxe\nStep 3: Done by: system")).toEqual([]);
  });

  it("finds the speakers of a chat without timestamps when two names open its lines, not a form's fields", () => {
    expect(people("Tendai: is the refund batch out?\nIngrid: yes, 14:00\nTendai: thanks")).toEqual(["Tendai", "Ingrid", "Tendai"]);
    expect(people("Subject: refund\nStatus: open\nPriority: high")).toEqual([]);
  });

  it("finds a name after a role word, a greeted name a firm also bears, and the one addressed before a dash", () => {
    expect(people("Tenant Olumide Bakare reported the leak on Monday.")).toEqual(["Olumide Bakare"]);
    expect(people("Hi Chase, your replacement card is on its way.")).toEqual(["Chase"]);
    expect(people("Oluchi — the KYC pack is complete, please countersign.")).toEqual(["Oluchi"]);
    expect(people("Chase — card ending 4411 declined twice\nSummary — all green")).toEqual([]);
    expect(people("Driver Assistance Pack is enabled on the fleet.")).toEqual([]);
  });
});


describe("round twelve: found on blind set o after it was scored", () => {
  it("finds a card number read out in parentheses", () => {
    expect(scanText("she read out the number (4539 1488 0343 6467) on a recorded line").map((f) => [f.type, f.text])).toEqual([
      ["CREDIT_CARD", "4539 1488 0343 6467"],
    ]);
  });

  it("reads a markdown table's birth-date column and a CSV's bare 'birth' column, not other dates", () => {
    const staff = "| Staff | DOB | Team |\n|---|---|---|\n| Chidi Okeke | 1984-03-02 | ops |\n| Ana Ruiz | 1990-12-24 | kyc |";
    expect(dates(staff)).toEqual(["1984-03-02", "1990-12-24"]);
    expect(dates("id,nick,birth,city\n7,bo,1979-06-01,Xi'an")).toEqual(["1979-06-01"]);
    expect(dates("| Order | Date | Total |\n|---|---|---|\n| 88 | 2026-01-17 | 9.00 |")).toEqual([]);
    expect(dates("| Field | Value |\n|---|---|\n| DOB | 1972-08-30 |")).toEqual(["1972-08-30"]);
  });
});


describe("round thirteen (set o as development set): names that are words, in a person's slot", () => {
  it("finds a given name that is also a word where only a person stands", () => {
    expect(people("Hi Grace — your refund was approved today.")).toEqual(["Grace"]);
    expect(people("Morning Joy and Faith — standup moves to 10:30.")).toEqual(["Joy", "Faith"]);
    expect(people("hello, this is Hope again, the courier never came")).toEqual(["Hope"]);
    expect(people("Please ship it to my cousin Patience, she is home all day")).toEqual(["Patience"]);
    expect(people("Note: Grace's first day is Monday, order her laptop.")).toEqual(["Grace"]);
    expect(people("Status: Will is covering the payments queue this week.")).toEqual(["Will"]);
    expect(people("Heads-up from Hope: the sandbox resets at noon.")).toEqual(["Hope"]);
    expect(people("Parcel collected by Faith at the front desk.")).toEqual(["Faith"]);
  });

  it("leaves the same words alone where they are words", () => {
    expect(people("Hope is not a strategy. Faith in the numbers is low. It is Grace period until Friday.")).toEqual([]);
    expect(people("We hope you enjoy it; grace period ends on the 5th. Will this work?")).toEqual([]);
    expect(people("Update from Support: the queue is drained.")).toEqual([]);
  });

  it("finds a Chinese given name that is named and then asked to do something, mentioned, or called aunt", () => {
    expect(people("请国强把合同扫描件发我。")).toEqual(["国强"]);
    expect(people("本月报销由丽华统一提交。")).toEqual(["丽华"]);
    expect(people("你跟胜利说一声，会议取消了。")).toEqual(["胜利"]);
    expect(people("@晓燕 麻烦看下这个工单")).toEqual(["晓燕"]);
    expect(people("桂英阿姨昨天来取的快递。")).toEqual(["桂英"]);
    expect(people("“建军你把日志打包一下”")).toEqual(["建军"]);
  });

  it("does not take people words or roles in those slots for names", () => {
    expect(people("请大家把材料交上来，请老师确认，请家长签字。")).toEqual([]);
    expect(people("请师傅帮忙搬一下，由公司统一安排，跟客服说一下。")).toEqual([]);
    expect(people("客服：先生您好，请提供订单号。")).toEqual([]);
    expect(people("我们和越南代理商签了合同。")).toEqual([]);
  });
});

describe("round thirteen: one-time codes in groups and generated config values", () => {
  it("finds a one-time code written in two groups, and not a code of one repeated digit", () => {
    expect(secrets("Your login code is 904 117 — do not share it.")).toEqual(["904 117"]);
    expect(secrets("verification code: 3318-2047")).toEqual(["3318-2047"]);
    expect(secrets("Test OTP is 111111 in staging")).toEqual([]);
    expect(secrets("Your order code is A-77 and ships Monday")).toEqual([]);
  });

  it("finds a generated value as a config line's whole value under any name, not ids, hashes or names", () => {
    expect(secrets('[notify]\nopsgenie_integration = "Tq7Wm2Xk9Lp4Rz8Vn3Bc6Hy1"\nretries = 3')).toEqual(["Tq7Wm2Xk9Lp4Rz8Vn3Bc6Hy1"]);
    expect(secrets("SIGNAL_BRIDGE=Kd8sP2mQ7vX4nL9tR3wZ6yB1\nLOG_LEVEL=info")).toEqual(["Kd8sP2mQ7vX4nL9tR3wZ6yB1"]);
    const ids = 'request_id = "Ab3Cd5Ef7Gh9Ij1Kl3Mn5Op"\nhandler = "parseHttpRequest2JsonV2Handler"\ncommit = "9f2c71e0b4a8d35f6e1c9f2c71e0b4a8d35f6e1c"';
    expect(secrets(ids)).toEqual([]);
    expect(secrets("The build Kd8sP2mQ7vX4nL9tR3wZ6yB1 failed in prose, not as a config value.")).toEqual([]);
  });
});

describe("round thirteen: lists, chat nicks, Latin names inside Chinese, Vietnamese names", () => {
  it("reads the other items of a one-line list where two names were found, whole with their particles", () => {
    expect(people("rota: Chidi Okeke → Marta Kowalczyk → Oyelaran (nights)")).toEqual(["Chidi Okeke", "Marta Kowalczyk", "Oyelaran"]);
    expect(people("Signers: Anna Kowalski; Jonas Lindqvist; van der Berg")).toEqual(["Anna Kowalski", "Jonas Lindqvist", "van der Berg"]);
    // Items that are words, firms or places keep the list from being read as names.
    expect(people("Owners: Priya Raman, Tomasz Nowak, Support, Billing")).toEqual(["Priya Raman", "Tomasz Nowak"]);
  });

  it("finds the speakers of an IRC or Matrix log, not its bots, and not one tag alone", () => {
    expect(people("[09:14] <kbaptiste> restarting the worker\n[09:15] <deploy-bot> rollout 41 done\n[09:15] <s_ferrante> ack")).toEqual(["kbaptiste", "s_ferrante"]);
    expect(people("<div> hello</div>\nreturns <T> value")).toEqual([]);
  });

  it("finds an initial and a surname no list knows under a login's key, not an initial and a word", () => {
    expect(people("service:\n  maintainer: t.adeyemi\n  version: v.beta")).toEqual(["t.adeyemi"]);
    expect(people("owner: s.api\nowner: d.platform")).toEqual([]);
  });

  it("finds a Latin name glued to Chinese characters, and Vietnamese names with or without accents", () => {
    expect(people("请把Joanna Wiśniewska的退款先处理")).toEqual(["Joanna Wiśniewska"]);
    expect(people("Refund for Pham Minh Tuan, order 5512.")).toEqual(["Pham Minh Tuan"]);
    expect(people("客户 Đặng Thị Mai 的地址已更新")).toEqual(["Đặng Thị Mai"]);
    expect(people("Tour: Ho Chi Minh City, then Ha Long Bay with Le Van Tour Co.")).toEqual([]);
  });
});

describe("round thirteen: found on blind set p after it was scored", () => {
  const ips = spansOf("IP_ADDRESS");
  const ibans = spansOf("IBAN");

  it("finds an address in parentheses after a host name ending in digits, and not a kernel's release", () => {
    expect(ips("node api-gw-2 (172.19.4.33) timed out")).toEqual(["172.19.4.33"]);
    expect(ips("节点 redis-slave-02 (10.9.8.7) 宕机")).toEqual(["10.9.8.7"]);
    expect(ips("Linux web-01 4.19.0.12-amd64 #1 SMP")).toEqual([]);
  });

  it("finds an IBAN printed in groups after a word for an account, one character off its country's length", () => {
    expect(ibans("Please credit account CH80 0076 2011 6238 5295 today.")).toEqual(["CH80 0076 2011 6238 5295"]);
    // Its check digits must still hold, and a reference is no account.
    expect(ibans("Please credit account CH81 0076 2011 6238 5295 today.")).toEqual([]);
    expect(ibans("ref CH80 0076 2011 6238 5295")).toEqual([]);
  });

  it("finds an OTP written right after the word, a parcel locker's pickup code, and not an error code's digits", () => {
    expect(secrets("客户把 OTP 553091 念给了对方")).toEqual(["553091"]);
    expect(secrets("包裹已放入快递柜，取件码 406218，请及时领取")).toEqual(["406218"]);
    expect(secrets("错误码 E2004：验证码错误；E2005：验证码已过期")).toEqual([]);
  });

  it("finds a private key's base64 body without its PEM lines, and not a certificate's", () => {
    expect(secrets("pasted key MIIEpAIBAAKCAQEAw7Zk9b3Lr2Qv8XhT5mN1pWcY6sJdF0gH into the ticket")).toEqual(["MIIEpAIBAAKCAQEAw7Zk9b3Lr2Qv8XhT5mN1pWcY6sJdF0gH"]);
    expect(secrets("cert MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa attached")).toEqual([]);
  });
});

describe("round thirteen: logins in more of the places logs put them", () => {
  it("reads a compound key's last part, 'by=', ssh's -l and a reviewer flag as a login's place, not ls -l", () => {
    expect(people("quota exceeded bucket_owner=mhernandez region=eu-west-1")).toEqual(["mhernandez"]);
    expect(people("audit delete_rows by=a.okafor table=payouts")).toEqual(["a.okafor"]);
    expect(people("ssh -p 2222 -l rkumar jump.internal")).toEqual(["rkumar"]);
    expect(people("gh pr edit 88 --assignee pnovak")).toEqual(["pnovak"]);
    expect(people("ls -l notes\nwc -l billing.csv\nspec.owner: platform")).toEqual([]);
  });
});

describe("round thirteen: birth dates as Portuguese forms and one-line chats write them", () => {
  it("finds a date after 'nascimento', and an answer after the asked one's label on the same line, not after a note's", () => {
    expect(dates("Cadastro: Luiza Prado, nascimento 11/09/1987, cidade Recife")).toEqual(["11/09/1987"]);
    expect(dates("Agent: can you confirm your date of birth? Customer: 1969/12/01. Agent: thanks")).toEqual(["1969/12/01"]);
    expect(dates("Enter the date of birth. Note: 2026-01-01 is the cutoff")).toEqual([]);
  });
});

describe("round fourteen: logins in lists, after what was done to them, and as an audit line's subject", () => {
  it("reads logins in a bracketed list under a person key, after 'granted to' and 'by', and joined by an underscore", () => {
    expect(people('{"followers": ["mokafor", "dfischer"], "state": "open"}')).toEqual(["mokafor", "dfischer"]);
    expect(people("alerts:\n  notify: [sjensen, hbakker]")).toEqual(["sjensen", "hbakker"]);
    expect(people("permission admin assigned to wliang by tkim yesterday")).toEqual(["wliang", "tkim"]);
    expect(people("user=mark_b locked after 3 attempts")).toEqual(["mark_b"]);
    expect(people("user=ledger_ro grant select\nuser=demo_sales\nnotify: [ops, billing]")).toEqual([]);
  });

  it("reads a login opening an audit line before what it did, and logins listed beside a person after 、", () => {
    expect(people("[INFO] priya.r exported 330 rows from refunds")).toEqual(["priya.r"]);
    expect(people("[INFO] deploy exported 330 rows\nadmin logged in")).toEqual([]);
    expect(people("冻结账号：zhaolei1990、王海鹰")).toEqual(["zhaolei1990", "王海鹰"]);
    expect(people("关联账户（wangjun、li_ping2、刘思远）")).toEqual(["wangjun", "li_ping2", "刘思远"]);
    expect(people("If Yolanda misses the sync, Okello will run it")).toEqual(["Yolanda", "Okello"]);
  });
});

describe("round fourteen: secrets and cards in the places p showed", () => {
  it("reads a password glued to a short name (bindpw, rootpasswd), a twelve-hex key as a URL's user, and no phone as a passcode", () => {
    expect(secrets("ldapsearch bindpw=Qe7$mor-Line ou=people")).toEqual(["Qe7$mor-Line"]);
    expect(secrets("rootpasswd: Tz9!kaLp2")).toEqual(["Tz9!kaLp2"]);
    expect(secrets("DSN=https://a3c91e07bd42@o4471.ingest.sentry.example/12")).toEqual(["a3c91e07bd42"]);
    expect(secrets("the passcode we texted to +44 7700 900123 expires soon")).toEqual([]);
    expect(phones("the passcode we texted to +44 7700 900123 expires soon")).toEqual(["+44 7700 900123"]);
  });

  it("reads a Luhn-valid number right after a card's label whatever its prefix, not after an order's", () => {
    const cards = spansOf("CREDIT_CARD");
    expect(cards("card_number: 3596 7039 8712 4826")).toEqual(["3596 7039 8712 4826"]);
    expect(cards("order: 3596703987124826")).toEqual([]);
  });
});

describe("round fourteen: names as bookings, Korean romanisation and a second script write them", () => {
  it("reads a booking's name field with a title or a passenger's role whatever its given names, not airport pairs", () => {
    expect(people("pax TRAN/MINHKHOA MR seat 22A")).toEqual(["TRAN/MINHKHOA"]);
    expect(people("旅客 WANG/ZIHAN 女士 已值机")).toEqual(["WANG/ZIHAN"]);
    expect(people("route SFO/NRT then AC/DC at gate")).toEqual([]);
  });

  it("reads a Korean name by its hyphenated given name and the same person in another script in brackets, not a nationality", () => {
    expect(people("refund approved for Choi Eun-ji today")).toEqual(["Choi Eun-ji"]);
    expect(people("owner Lee Do-hyun (이도현) confirmed")).toEqual(["Lee Do-hyun", "이도현"]);
    expect(people("An On-call rotation starts")).toEqual([]);
    expect(people("房客：Svetlana Ivanova（俄罗斯籍）")).toEqual(["Svetlana Ivanova"]);
  });

  it("reads a name after 联系人 and a blank even when its surname is also a word", () => {
    expect(people("售后联系人 包思远 电话见工单")).toEqual(["包思远"]);
  });
});

describe("round fourteen: given names that are words, by what people do", () => {
  it("reads a word-name before 'just told', 'already processed' or 'hasn't signed', two joined before 'both approved', and after 'named'", () => {
    expect(people("honestly Destiny just told me the code")).toEqual(["Destiny"]);
    expect(people("Grace and Hope both approved the waiver")).toEqual(["Grace", "Hope"]);
    expect(people("Dawn hasn't replied since Monday")).toEqual(["Dawn"]);
    expect(people("I spoke to a guy named Frank at the branch")).toEqual(["Frank"]);
    expect(people("Sales and Marketing both approved the plan; the Bill hasn't been paid")).toEqual([]);
  });
});

describe("round fourteen: Chinese given names on a roster, after a signature's dash and spoken to", () => {
  it("reads who is on duty after a weekday in a roster, not a time of day or a rest day", () => {
    expect(people("本周值班：周四 春燕 / 周五 国强 / 周六 休息")).toEqual(["春燕", "国强"]);
    expect(people("周一 上午 开会，周二 下午 评审")).toEqual([]);
  });

  it("reads a name that is also a word after a dash ending the message, and one spoken to before a time word", () => {
    expect(people("文件已经发你邮箱了——静怡")).toEqual(["静怡"]);
    expect(people("请查收附件——谢谢")).toEqual([]);
    expect(people("立军，明天上午把对账单给我")).toEqual(["立军"]);
  });
});

describe("round fourteen: secrets answered in chat and held under a config's parent", () => {
  it("reads what 'it' is in a chat about a password or a PIN, not a version, a time or a year", () => {
    expect(secrets("Ana: what's the staging db pw?\nLiu: its Stg-Orders-5521, rotate after")).toEqual(["Stg-Orders-5521"]);
    expect(secrets("Customer: the app wants my pin\nCustomer: it's 6619")).toEqual(["6619"]);
    expect(secrets("reset your password; it is 2fa now, it was v2.3.1 before and it takes 10min")).toEqual([]);
    expect(secrets("the promo code expired, it was 2024 edition")).toEqual([]);
  });

  it("reads a hex key under a parent named for keys, and a UUID as a webhook's key, not a commit or a cache key", () => {
    expect(secrets('signing:\n  hmac_keys:\n    current: "9F2A7C1E4B8D3F6A0C5E2B7D9A1F4C8E"')).toEqual(["9F2A7C1E4B8D3F6A0C5E2B7D9A1F4C8E"]);
    expect(secrets('build:\n  commits:\n    head: "9f2a7c1e4b8d3f6a0c5e2b7d9a1f4c8e"')).toEqual([]);
    expect(secrets("钉钉机器人 webhook 推送失败 key=0c9e2f4a-6b1d-4e8f-a3c5-7d2b9e1f0a64")).toEqual(["0c9e2f4a-6b1d-4e8f-a3c5-7d2b9e1f0a64"]);
    expect(secrets("cache miss key=0c9e2f4a-6b1d-4e8f-a3c5-7d2b9e1f0a64")).toEqual([]);
  });
});

describe("round fourteen: full names whose given name is a word, glued initials, and particles that are prepositions", () => {
  it("reads a word-name before a surname that is nothing else, not before a word", () => {
    expect(people("escalate to Crystal Okafor or Faith Tanaka")).toEqual(["Crystal Okafor", "Faith Tanaka"]);
    expect(people("the Grace Period ends; Crystal Palace won; Summer Sale starts")).toEqual([]);
  });

  it("reads glued initials before a surname, not an abbreviation before a word, and a name after a German 'von'", () => {
    expect(people("Reviewers: P.K. Raghavan, S. Iyer")).toEqual(["P.K. Raghavan", "S. Iyer"]);
    expect(people("wire via U.S. Bank to the U.K. Office")).toEqual([]);
    expect(people("bitte überweisen Sie den Betrag auf das Konto von Lena Hoffmann")).toEqual(["Lena Hoffmann"]);
  });
});

describe("round fourteen: Chinese names by a compound surname and after a person key and a space", () => {
  it("reads a name with a two-character surname that is no word anywhere, not a place or a word named after one", () => {
    expect(people("报销单走慕容思远签字，他今天在")).toEqual(["慕容思远"]);
    expect(people("欧阳路 100 号；去司马台长城；点上官网看看；欧阳海水库")).toEqual([]);
  });

  it("reads a name after a person key and one space, not a table's header or a time", () => {
    expect(people("商户配置已完成，对接人 钱多多")).toEqual(["钱多多"]);
    expect(people("经办人\t审批人\t金额\n本周值班 周一 上午")).toEqual([]);
  });
});

describe("round fourteen: lone given names by what they did, as a line's speaker, and a KYC provider's name parts", () => {
  it("reads a given name that is nothing else before 'set' or as the one speaker of a line, and 'given'/'family' keys", () => {
    expect(people("The VPN profile is ready. Nomvula set it up yesterday.")).toEqual(["Nomvula"]);
    expect(people("Thandiwe: the guest wifi password changed")).toEqual(["Thandiwe"]);
    expect(people('{"given":"Farid","family":"Haidari"}')).toEqual(["Farid", "Haidari"]);
    expect(people('Note: the build is green\nStripe: down\n{"font": {"family": "Roboto"}}')).toEqual([]);
  });

  it("leaves a firm after 'Bill to:' alone", () => {
    expect(people("Bill to: Harbourline Logistics B.V., Keizersgracht 221")).toEqual([]);
  });
});

describe("round fourteen: passwords where prose puts them", () => {
  it("reads the old one a change replaced, a key's old and new values, what a file has as the pw, one in brackets after its name and after a colon ending a sentence about it", () => {
    expect(secrets("数据库密码已改成 Pg#2026!ops，之前那个 pg@2025x 作废")).toEqual(["Pg#2026!ops", "pg@2025x"]);
    expect(secrets("rotated the webhook secret old=wh_4Kp9Lx2 new=wh_7Rt3Mz8")).toEqual(["wh_4Kp9Lx2", "wh_7Rt3Mz8"]);
    expect(secrets("my ~/.netrc has tango_Delta_99 as the password")).toEqual(["tango_Delta_99"]);
    expect(secrets("the vault pw (Vlt-Q-5521) is on the card")).toEqual(["Vlt-Q-5521"]);
    expect(secrets("路由器管理密码写在盒子背面了：rt8800!x")).toEqual(["rt8800!x"]);
  });

  it("leaves versions, a policy's template and rules alone", () => {
    expect(secrets("password page: new=v2.3.1 old=v2.2.0")).toEqual([]);
    expect(secrets("密码规则：至少8位，示例格式 Aaaa@1234（不可使用）")).toEqual([]);
  });
});

describe("round fourteen: a birth date read twice", () => {
  it("reads another record's reading of a birth date of a close year, not a later event's date", () => {
    expect(dates("DOB mismatch: form says 1987-03-09, passport says 1987-09-03")).toEqual(["1987-03-09", "1987-09-03"]);
    expect(dates("DOB 1990-01-01, invoice shows 2020-05-05")).toEqual(["1990-01-01"]);
  });
});

describe("round fourteen, reviewed: what the new rules must leave alone", () => {
  it("reads no title, firm or nationality in brackets as a name, and no English compound as a Korean given name", () => {
    expect(people("张伟 (Tech Lead) and David Chen (高级经理) and Kevin Li（华为）")).toEqual(["张伟", "David Chen", "Kevin Li"]);
    expect(people("李知恩 (이지은) met Park Ji-woo (과장)")).toEqual(["李知恩", "이지은", "Park Ji-woo"]);
    expect(people("the Pop-up Park opens; Top-up Won; Dance Hip-hop Song")).toEqual([]);
  });

  it("keeps a given name before a particle, a roster's activities and a role before codes out", () => {
    expect(people("Meeting with Tjitske van der Berg today")).toEqual(["Tjitske van der Berg"]);
    expect(people("值班：每周一 例会，每周三 巡检；本周值班调整：周一 开会，周二 培训")).toEqual([]);
    expect(people("guest WIFI/LAN is down; pax LHR/JFK 2 adults; Invoice 123: Bill already processed by finance.")).toEqual([]);
  });

  it("reads no ticket, build, host or price as a password answer or a rotated key, and no card after 'japan:'", () => {
    expect(secrets("password reset failed, it's INC0012345 in the queue; it's Windows11 and it's x86_64")).toEqual([]);
    expect(secrets("card pin reader broke and it was 1500 to fix")).toEqual([]);
    expect(secrets("token refresh failed current=node-01 prev=node-02; auth token rotated; new=build-4821a")).toEqual([]);
    expect(secrets("GET /robots.txt 200\nsession cache key=0c9e2f4a-6b1d-4e8f-a3c5-7d2b9e1f0a64")).toEqual([]);
    expect(spansOf("CREDIT_CARD")("japan: 3596703987124826 timespan: 3596703987124826")).toEqual([]);
    expect(secrets("password: +12025550123")).toEqual(["+12025550123"]);
  });
});

describe("round fourteen: firms listed, products' tables, one surname under a person's column, the one thanked", () => {
  it("reads no firm pair as 'Last, First', no product under a products table's name, and one surname in an owner column", () => {
    expect(people("Alexa, Siri and Google Assistant are out of scope; Ford, Lincoln and Tesla qualify")).toEqual([]);
    expect(people("INSERT INTO products (sku, name) VALUES ('S-1', 'Victoria Sponge Cake Mix'), ('S-2', 'Earl Grey Tea');")).toEqual([]);
    expect(people("| ticket | opened_by |\n|---|---|\n| T-1 | Wiśniewski |\n| T-2 | Okonkwo |")).toEqual(["Wiśniewski", "Okonkwo"]);
  });

  it("reads a word-name thanked after a comma at the sentence's end, not a product", () => {
    expect(people("Thanks for your patience, Hope! Your card ships tomorrow.")).toEqual(["Hope"]);
    expect(people("Thanks for the update, Summer Sale starts Monday.")).toEqual([]);
  });
});

describe("round fourteen: logins in payment, cloud, .pgpass and ssh lines", () => {
  it("reads a UPI address's login, an IAM user's ARN, a .pgpass user, whose login or key it is, and a signed TODO", () => {
    expect(people("upi.debit vpa=ananya.krishnan@okaxis amount=120")).toEqual(["ananya.krishnan"]);
    expect(people('{"arn":"arn:aws:iam::123456789012:user/marta.kowalczyk"}')).toEqual(["marta.kowalczyk"]);
    expect(people("# ~/.pgpass\n10.0.0.9:5432:*:tnakamura:x")).toEqual(["tnakamura"]);
    expect(people("sshd: login accepted for rmehta; # key for okeller on jump")).toEqual(["rmehta", "okeller"]);
    expect(people("// FIXME 发布前删除 —— wangjun 2026-11-21")).toEqual(["wangjun"]);
  });

  it("leaves what one waits or searches for, and an e-mail's local part, to their own rules", () => {
    expect(people("wait for kpatel_bot; search for billing.reports; mail anna.smith@example.com")).toEqual([]);
  });
});

describe("round fourteen: birth dates under a prefixed column and after 'born on the'", () => {
  it("reads a column whose header ends in the cue, and an ordinal day after 'born on the', not other dates", () => {
    expect(dates("guest;passport_dob;checkin\nAigerim;1995-11-02;2026-12-10")).toEqual(["1995-11-02"]);
    expect(dates("She was born on the 3rd of August 1969 in Ibadan")).toEqual(["3rd of August 1969"]);
    expect(dates("id,signup_date,created\n1,2020-01-02,2021-03-04\nborn on the day the store opened, 2001-03-04")).toEqual([]);
  });
});

describe("round fourteen: cards grouped as JCB cards are written", () => {
  it("reads sixteen Luhn-valid digits opening with 35 in four groups of four, not when Luhn fails", () => {
    const cards = spansOf("CREDIT_CARD");
    expect(cards("refund to 3518 9729 9362 8758 and 3509-7202-4736-4725")).toEqual(["3518 9729 9362 8758", "3509-7202-4736-4725"]);
    expect(cards("id 3518 9729 9362 8759")).toEqual([]);
  });
});

describe("after set q: a redaction marker, a form's next column, a pronoun, code that reads a secret", () => {
  it("reads no name in a redaction marker, ends a name at a run of blanks, and drops the pronoun I", () => {
    expect(people("Guest: [NAME REDACTED]\nCheck-in: 2026-12-18")).toEqual([]);
    expect(people("Signed: O. Marchetti   Date: 28/11/2026")).toEqual(["O. Marchetti"]);
    expect(people("AGENT: Can I take the card number?")).toEqual([]);
  });

  it("reads no secret in code that looks one up, nor in a policy's template with letters after its digits", () => {
    expect(secrets('psycopg2.connect(user="etl", password=os.environ["PGPASSWORD"])')).toEqual([]);
    expect(secrets("Example of the format (do not use): Bbbb#1234xxxx.")).toEqual([]);
  });
});

describe("after set q: a PIN after a participle or a Chinese 'is'", () => {
  it("reads 'PIN issued: 7302' and 'PIN 是 147258', not a date after 'PIN set:'", () => {
    expect(secrets("new PIN issued: 5816 (expires in 24 h)")).toEqual(["5816"]);
    expect(secrets("手机银行登录 PIN 是 360718 对吧")).toEqual(["360718"]);
    expect(secrets("PIN set: 2024-01-05 rotation")).toEqual([]);
  });
});

describe("after set q: a key pasted in a short message about it", () => {
  it("reads a long hex or generated run standing alone in a message about a key or a token, not a digest, a commit or an id", () => {
    expect(secrets("can someone rotate the Sentry key? Omar pasted it in #ops: 4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f")).toEqual(["4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f"]);
    expect(secrets("SHA256 (report.pdf) = 4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f\ntoken refresh fixed in commit 4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f")).toEqual([]);
    expect(secrets("key rotation request id 4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f logged; sha256(password) = 4be8d1f09a3c7e2b5d6f8a1c0e9b7d3f stored hash")).toEqual([]);
  });
});

describe("after set q: a table's card column", () => {
  it("reads a Luhn-valid number under a card column whatever its prefix, not under an order's", () => {
    const cards = spansOf("CREDIT_CARD");
    expect(cards("id,holder,card_number,expiry\n1,Ana Lima,3596703987124826,08/28")).toEqual(["3596703987124826"]);
    expect(cards("| 序号 | 卡号 |\n|---|---|\n| 1 | 3502327785960125 |")).toEqual(["3502327785960125"]);
    expect(cards("id,order_no\n1,3596703987124826")).toEqual([]);
  });
});

describe("round fifteen: secrets under a SQL row's secret columns", () => {
  it("reads the values of password, PIN, key and recovery-phrase columns, not a hash, a placeholder or another column", () => {
    expect(secrets("INSERT INTO users (login, recovery_phrase) VALUES ('dmitri.ivanov', 'orbit velvet canyon ember quartz lantern mosaic harbor');"))
      .toEqual(["orbit velvet canyon ember quartz lantern mosaic harbor"]);
    expect(secrets("INSERT INTO creds (username, password, pin) VALUES ('svc_etl', 'sunflower', '4821'), ('svc_bi', 'tulipfield', '7730');"))
      .toEqual(["sunflower", "4821", "tulipfield", "7730"]);
    expect(secrets("INSERT INTO users (email, password_hash, pin_attempts, reset_token_expires_at) VALUES ('x', '$2b$12$KIXQJbZ9oV1y3Lp2Ww8r9uT7cFh4Gd6Ea0Nm5Bq1Sx3Zv7Yk9Pj2', '3', '2026-12-01');"))
      .toEqual([]);
    expect(secrets("INSERT INTO creds (username, password) VALUES ('svc_etl', '********'), ('svc_bi', 'REDACTED');")).toEqual([]);
  });
});

describe("round fifteen: recovery phrases", () => {
  it("reads six to twenty-four plain words after a mnemonic's or a seed phrase's name, not a sentence about one", () => {
    expect(secrets('"wallet": {"mnemonic": "tiger lemon rocket pencil ocean marble frost violin eagle candle silver wagon"}'))
      .toEqual(["tiger lemon rocket pencil ocean marble frost violin eagle candle silver wagon"]);
    expect(secrets("助记词：maple drift copper sunset walnut ribbon cactus meadow")).toEqual(["maple drift copper sunset walnut ribbon cactus meadow"]);
    expect(secrets("the recovery phrase is kept in the vault and was never typed into any laptop")).toEqual([]);
    expect(secrets("db seed: users orders products invoices refunds payouts loaded")).toEqual([]);
  });

  it("reads a passphrase across a table's column gap", () => {
    expect(secrets("Key               Value\nsftp_user         acme_drop\npgp_passphrase    orchid lantern seventeen copper")).toEqual(["orchid lantern seventeen copper"]);
  });
});

describe("round fifteen: a password or a PIN given as the next turn's whole answer", () => {
  it("reads the token that answers a question for a password or a PIN", () => {
    expect(secrets("我：密码是啥来着\n老公：dameiren2017\n我：好的记住了")).toEqual(["dameiren2017"]);
    expect(secrets("[10:02] anna: what's the wifi password again?\n[10:03] ben: cobalt4471")).toEqual(["cobalt4471"]);
    expect(secrets("A: what's the pin for the lockbox?\nB: 7391")).toEqual(["7391"]);
  });

  it("reads nothing where the question is about passwords, or wants a count or a port", () => {
    expect(secrets("Q: what's your password reset policy?\nA: 90days")).toEqual([]);
    expect(secrets("密码有效期多少天？\n9000")).toEqual([]);
    expect(secrets("what's the port for the password service?\n8443")).toEqual([]);
    expect(secrets("Which password manager do you use?\n1Password")).toEqual([]);
  });
});

describe("round fifteen: a password described, then given", () => {
  it("reads the token after how it was made, and a payment password said after the clause about it", () => {
    expect(secrets("客户说：“密码就是我名字拼音加生日，wangli0915，你帮我登一下。”")).toEqual(["wangli0915"]);
    expect(secrets("my password is my cat's name plus the year, mochi2016 — can you reset it")).toEqual(["mochi2016"]);
    expect(secrets("用户：我刚才把支付密码告诉客服了，是 551902，会不会有风险？")).toEqual(["551902"]);
    expect(secrets("密码错误，是 202411 批次的问题")).toEqual([]);
    expect(secrets("the password was reset by the admin, ticket INC0012345 has the details")).toEqual([]);
  });

  it("reads a Wi-Fi or VPN pre-shared key by its name", () => {
    expect(secrets("wifi psk: Harbour-Lantern-57")).toEqual(["Harbour-Lantern-57"]);
    expect(secrets("pre-shared key: vpn-Kx82-shared")).toEqual(["vpn-Kx82-shared"]);
  });
});

describe("round fifteen: an IBAN two characters off its country's length", () => {
  it("reads a value printed in groups of four whose check digits hold, without a word for an account, but not after a reference's", () => {
    const ibans = spansOf("IBAN");
    expect(ibans("Attached the bank letter (SA11 4500 0000 0608 0101 67) and the ID.")).toEqual(["SA11 4500 0000 0608 0101 67"]);
    expect(ibans("Attached the bank letter (SA12 4500 0000 0608 0101 67) and the ID.")).toEqual([]);
    expect(ibans("invoice DE86 3704 0044 0532 0130 paid")).toEqual([]);
  });
});

describe("round fifteen: logins where a shell or a system writes who is logged in", () => {
  it("reads a prompt's user, a URL's user before its host, a Windows domain account, su's user and an audit target", () => {
    expect(people("Last login: Sun Nov 29 23:58 2026\nokafor.c@bastion-01:~$ kubectl get pods")).toEqual(["okafor.c"]);
    expect(people("[dsilva@web-02 ~]$ sudo systemctl restart nginx")).toEqual(["dsilva"]);
    expect(people("git clone ssh://pmehta@git.example.com/payments.git")).toEqual(["pmehta"]);
    expect(people("Logon account: CONTOSO\\mkowalczyk  Workstation: WS-0142")).toEqual(["mkowalczyk"]);
    expect(people("sudo -u postgres psql; su - lgarcia")).toEqual(["lgarcia"]);
    expect(people("AUDIT role_change actor=hkhalil target=jfernandes new_role=approver")).toEqual(["hkhalil", "jfernandes"]);
  });

  it("reads no login in a service's or a system's account, nor a folder's name as a person", () => {
    expect(people("root@db-01:/var/log# tail -f syslog\nhttps://git@github.com/acme/x\nsu - admin")).toEqual([]);
    expect(people("NT AUTHORITY\\SYSTEM; CORP\\svc_backup logged on")).toEqual([]);
    expect(people("C:\\Windows\\Temp\\setup.log written")).toEqual([]);
  });
});

describe("round fifteen: names in capitals with a middle initial, surname first", () => {
  it("reads 'SURNAME, GIVEN M' and 'GIVEN M SURNAME' after a label, not words in capitals", () => {
    expect(people("SSN does not match name on file (OKONKWO, CHIDI A)")).toEqual(["OKONKWO, CHIDI A"]);
    expect(people("Name: MARISOL R QUINTERO\nBilling zip: 33131")).toEqual(["MARISOL R QUINTERO"]);
    expect(people("Name: Marisol R Quintero")).toEqual(["Marisol R Quintero"]);
    expect(people("ERROR, RETRY LATER; SIZE M BLUE; LONDON, PARIS")).toEqual([]);
  });
});

describe("round fifteen: given names that are words, where only a person stands", () => {
  it("reads one who did something to a thing, one with a desk extension, and one who says who is calling", () => {
    expect(people("Hope found the bug in the retry loop before lunch")).toEqual(["Hope"]);
    expect(people("If the bot can't verify, transfer to Rich (ext 4412).")).toEqual(["Rich"]);
    expect(people("Hey, it's Bill from accounts, can you whitelist my laptop?")).toEqual(["Bill"]);
  });

  it("reads no deed done to the word itself, nor a word before a passive verb", () => {
    expect(people("Bill flagged as duplicate; Will sent to the customer? Mark the ticket as done. Patch updated the config.")).toEqual([]);
  });
});

describe("round fifteen: Chinese names in a chat app's line and before 本人", () => {
  it("reads a speaker after a chat app's mark, a given name that is a word in a chat, and a full name before 本人", () => {
    expect(people("【企业微信】高峰：测试环境的 key 先别外传")).toEqual(["高峰"]);
    expect(people("[飞书] 建华: 我先替她登一下")).toEqual(["建华"]);
    expect(people("微信聊天：\n鹏飞：那个 App 的登录码对吧\n美玲：对，别告诉别人")).toEqual(["鹏飞", "美玲"]);
    expect(people("答：需要曹建国本人携带身份证到网点办理。")).toEqual(["曹建国"]);
  });

  it("reads no form's label as a speaker, and no role before 本人", () => {
    expect(people("【行程单】\n航班：CA1831 北京首都T3\n留言：物流太慢了")).toEqual([]);
    expect(people("需要投保人本人或提供授权书；必须法人本人到场")).toEqual([]);
  });
});

describe("round fifteen: birth dates in quoted CSV rows, after a stamped question, in two calendars", () => {
  it("reads the dob column past a quoted cell that holds a comma", () => {
    expect(dates('employee_id,full_name,dob,department\nE1042,"Nwosu, Adaeze",1988-11-02,Treasury\nE1043,"de Wit, Joris",1979-05-17,Risk'))
      .toEqual(["1988-11-02", "1979-05-17"]);
    expect(dates('employee_id,"last, first",start_date,dob\nE1,"Nwosu, Adaeze",2021-01-04,1988-11-02')).toEqual(["1988-11-02"]);
  });

  it("reads an answer on a line opened by a time stamp, and a birth date given in two calendars", () => {
    expect(dates("[09:41] Agent: Could you confirm your date of birth?\n[09:42] Customer: 03/09/1985\n[09:42] Agent: Thanks.")).toEqual(["03/09/1985"]);
    expect(dates("I was born on 17 Shawwal 1404 (16 July 1984) in Jeddah.")).toEqual(["17 Shawwal 1404", "16 July 1984"]);
    expect(dates("DOB: 1984-07-16 (verified against passport)")).toEqual(["1984-07-16"]);
  });
});

describe("round fifteen: an international number without its plus, after a word that names a phone", () => {
  it("reads msisdn and mobile values, not an id after 'call' or a phone's id", () => {
    expect(phones("kwargs={'name': 'x', 'msisdn': '2348035550177', 'template': 'LOAN_APPROVED'}")).toEqual(["2348035550177"]);
    expect(phones("mobile: 447700900123")).toEqual(["447700900123"]);
    expect(phones("call_id=23480355501771 phone_id 23480355501771")).toEqual([]);
  });
});

describe("round fifteen: a credential's name with an encoding or a number after it", () => {
  it("reads SECRET_KEY_BASE, a _B64 password and Azure's key1, not a password's length or a key's count", () => {
    expect(secrets("heroku config:set SECRET_KEY_BASE=4c7e1a9f3b8d2e6a0f5c9b7d1e3a5f8c2b4d6e8f0a1c3e5b")).toEqual(["4c7e1a9f3b8d2e6a0f5c9b7d1e3a5f8c2b4d6e8f0a1c3e5b"]);
    expect(secrets("DB_PASSWORD_B64=UzNjcmV0ITIwMjY=")).toEqual(["UzNjcmV0ITIwMjY="]);
    expect(secrets("az storage account keys list → key1: Q2x5mR8vL3tZ9wY6pK4nB1cF7hJ0sD5gA2eU8iO3yT6rE9wQ1zX4cV7bN0mL2kJ5hG8fD1sA==")).toEqual(["Q2x5mR8vL3tZ9wY6pK4nB1cF7hJ0sD5gA2eU8iO3yT6rE9wQ1zX4cV7bN0mL2kJ5hG8fD1sA=="]);
    expect(secrets("password.length=12 key2=42 token-1: expired password-reset=true")).toEqual([]);
  });
});

describe("round fifteen: a message id with characters no address has", () => {
  it("reads no e-mail inside a Message-ID's or a References' brackets, but the sender's address", () => {
    const emails = spansOf("EMAIL");
    expect(emails('From: "R. D." <rd@northwind.example>\nMessage-ID: <CAF8x2q=Pq7@mail.northwind.example>\nReferences: <a1@x.example> <b=2@y.example>'))
      .toEqual(["rd@northwind.example"]);
  });
});

describe("round fifteen, after review: what the new rules must not read", () => {
  it("reads no secret in a postal PIN, a word token, an opcode's mnemonic, a log about a seed phrase, or a question about passwords", () => {
    expect(secrets("INSERT INTO addresses (city, state, pin) VALUES ('Bengaluru','KA','560001');")).toEqual([]);
    expect(secrets("INSERT INTO nlp_tokens (doc_id, position, token) VALUES (17,0,'hello'); INSERT INTO ops (opcode, mnemonic) VALUES ('0xE8','CALL');")).toEqual([]);
    expect(secrets("WARN wallet-svc: seed phrase import failed invalid checksum word count mismatch")).toEqual([]);
    expect(secrets("Where do we keep the prod db password?\n1Password")).toEqual([]);
    expect(secrets("What's the pin code for Koramangala?\n560034\nCan we pin the base image?\nubuntu22")).toEqual([]);
    expect(secrets("本月重置密码的用户数，为 123456。修改密码失败的工单号，是 202405。")).toEqual([]);
    expect(secrets("password is stored in vault, name: db-creds-v2; the password is rotated every year by the job pw-rotate-2024")).toEqual([]);
  });

  it("covers the whole answer when blanks trail it", () => {
    expect(secrets("A: what's the pin for the lockbox?\nB: 7391      ")).toEqual(["7391"]);
  });

  it("reads no login in JSON escapes, Spanish prose or a service's account, and no person in a step's name or a tool", () => {
    expect(people('{"msg":"upstream ERROR\\nhost unreachable after 3 retries"}')).toEqual([]);
    expect(people("Estimado cliente, consulte su saldo disponible en la app.")).toEqual([]);
    expect(people("[hbase@prod-app-01 ~]$ uptime\nsudo su - flink\n[caiwu@erp-01 ~]$ ls")).toEqual([]);
    expect(people("- name: Phase B Migration\nArgo deployed the app to prod at 10:42")).toEqual([]);
    expect(people("Assigned: Okafor, Chiamaka I think she is out today")).toEqual(["Okafor, Chiamaka"]);
    // After a chat app's tag and before a colon a word-name is read as the one speaking since round
    // seventeen's context model (as 【企业微信】高峰： is above): the safer mistake for "peak".
    expect(people("需要车主本人到场；[钉钉] 高峰: 20:00 流量 3 倍")).toEqual(["高峰"]);
  });

  it("counts columns past a stray inch mark, and reads no birth date in a bracketed date years apart", () => {
    expect(dates('employee_id,desk_note,dob\nE1,27" monitor on desk,1988-11-02\nE2,none,1979-05-17')).toEqual(["1988-11-02", "1979-05-17"]);
    expect(dates("DOB: 1985-03-04 (2024-05-01)")).toEqual(["1985-03-04"]);
  });

  it("reads no phone in a time in milliseconds, and no e-mail in a folded References header", () => {
    expect(phones("phone: 1712345678901")).toEqual([]);
    expect(spansOf("EMAIL")("References: <CAF1=abc@mail.gmail.com>\n <CAF2=def@mail.gmail.com>")).toEqual([]);
  });
});

describe("after set r: a glued payment password, a key with underscores in brackets, a policy's bound", () => {
  it("reads 支付密码 glued to its digits, a generated key holding an underscore in a message about a key, and no 'minimum 12'", () => {
    expect(secrets("用户在备注里写了“支付密码336912，麻烦帮我代付”")).toEqual(["336912"]);
    expect(secrets("the API key you put in the runbook (rk7_Lm2Qx9Vt4Wz8Pn1Bc6Hd3Jf) is a prod key")).toEqual(["rk7_Lm2Qx9Vt4Wz8Pn1Bc6Hd3Jf"]);
    expect(secrets("Password policy (v3): minimum 12 characters, at least one digit")).toEqual([]);
    expect(secrets("the api key config lives in payment_service_timeout_settings_v2")).toEqual([]);
  });
});

describe("round sixteen: names behind Python quotes, escaped JSON, a code after them, a joint role, a family's surname", () => {
  it("reads a name-part key in a Python dict and in JSON escaped inside a JSON string", () => {
    expect(people("ValidationError: {'given_name': 'Chidinma', 'family_name': 'Eze', 'country': 'NG'}")).toEqual(["Chidinma", "Eze"]);
    expect(people('{"tool":"crm.update","arguments":"{\\"account_holder\\":\\"Rangi Parata\\",\\"tier\\":2}"}')).toEqual(["Rangi Parata"]);
  });

  it("ends a name before capitals glued to digits, and reads a name in capitals after any person label when lists know it as one", () => {
    expect(people("Beneficiary: Marta Wiśniewska DE44 5001 0517 5407 3249 31")).toEqual(["Marta Wiśniewska"]);
    expect(people('mrz parse: family="NAKASHIMA" given="KENJI"')).toEqual(["NAKASHIMA", "KENJI"]);
    expect(people("Owner: ADMIN\nReviewer: QA\nHost: NGINX")).toEqual([]);
  });

  it("reads a joint role's key (co-borrower, joint holder, second driver) as a person's", () => {
    expect(people("Borrower: Kofi Mensah\nCo-borrower: Ama Mensah")).toEqual(["Kofi Mensah", "Ama Mensah"]);
    expect(people('second_driver: "Ifeoma Chukwu"')).toEqual(["Ifeoma Chukwu"]);
    expect(people("co-host: localhost")).toEqual([]);
  });

  it("takes an unknown given name before the surname of a full name found in the same text", () => {
    expect(people("matches: ('Adaora Nwosu', 'VIP'), ('Chinedu Nwosu', 'standard')")).toEqual(["Adaora Nwosu", "Chinedu Nwosu"]);
    // Not a word before a surname that is also a word ("Presidents' Day" after "… King Jr. Day").
    expect(people("holidays: Martin Luther King Jr. Day, Presidents' Day, Memorial Day")).not.toContain("Presidents' Day");
  });
});

describe("round sixteen: Chinese 名字 without 是, doubled words, an address before 版本's value", () => {
  it("reads a name right after 我名字 or 我的名字, and no name in 谢谢", () => {
    expect(people("开票的时候抬头写我名字卢志强就行")).toEqual(["卢志强"]);
    expect(people("用户：谢谢你们，问题解决了")).toEqual([]);
    expect(people("我名字不对，帮我改一下")).toEqual([]);
  });

  it("keeps an address whose next word is 版本 labelling another value", () => {
    expect(spansOf("IP_ADDRESS")("上线主机：172.16.8.21 172.16.8.22 版本 v2.4.0")).toEqual(["172.16.8.21", "172.16.8.22"]);
    expect(spansOf("IP_ADDRESS")("已升级到 10.2.1.3 版本")).toEqual([]);
  });
});

describe("round sixteen: logins in SQL lists and after an account action, a lock's combination, an SSN column, other languages' months", () => {
  it("reads logins a query lists under a person's or a login's column, and none under a status", () => {
    expect(people("DELETE FROM sessions WHERE user_name IN ('rmehta', 'kvasquez');")).toEqual(["rmehta", "kvasquez"]);
    expect(people("SELECT * FROM jobs WHERE state IN ('queued','running')")).toEqual([]);
  });

  it("reads a login after 'reset MFA for' and 'sessions revoked for'", () => {
    expect(people("helpdesk reset MFA for p.lindqvist after a phone swap")).toEqual(["p.lindqvist"]);
    expect(people("MFA for users in the EU is mandatory")).toEqual([]);
  });

  it("reads a safe's, a vault's or a door's combination as a secret, not a time or an error code", () => {
    expect(secrets("the strongroom combination is now 41-07-29, don't write it down")).toEqual(["41-07-29"]);
    expect(secrets("combination for the lockbox: 5 18 33")).toEqual(["5 18 33"]);
    expect(secrets("the door code expires in 30 minutes; error code 500 at the gate")).toEqual([]);
  });

  it("reads nine bare digits under an ssn column however far its header", () => {
    expect(spansOf("US_SSN")("member|plan|ssn|zip\nM-100|gold|219094387|60601")).toEqual(["219094387"]);
    expect(spansOf("US_SSN")("member|plan|ref|zip\nM-100|gold|219094387|60601")).toEqual([]);
  });

  it("reads a birth date written with a Spanish, French, German or Portuguese month", () => {
    expect(dates("Datos: nacida el 14 de febrero de 1992 en Quito")).toEqual(["14 de febrero de 1992"]);
    expect(dates("Né le 2 juillet 1975 à Lyon")).toEqual(["2 juillet 1975"]);
    expect(dates("Geburtsdatum: 9. Oktober 1968")).toEqual(["9. Oktober 1968"]);
    expect(dates("la reunión del 23 de agosto de 2026 fue cancelada")).toEqual([]);
  });
});

describe("round sixteen: a given name among people found, the two sides of a couple, dishes and sights", () => {
  it("takes a given name that opens a sentence and does what people do, once someone else is found", () => {
    expect(people("Kwame Asante approved the refund. Ruby already emailed the customer, and Jasper will close the ticket.")).toEqual(["Kwame Asante", "Ruby", "Jasper"]);
    expect(people("Kwame Asante called. Hope is not a strategy. June 5 is the deadline.")).toEqual(["Kwame Asante"]);
    // Nobody else found: a word that is also a name stays a word.
    expect(people("Summer started early this year.")).toEqual([]);
  });

  it("reads 男方 and 女方 as person labels, and no name in a menu or an itinerary", () => {
    expect(people("离婚协议草稿：男方 邓志伟，女方 蒋雨桐，子女抚养费每月 3000 元")).toEqual(["邓志伟", "蒋雨桐"]);
    expect(people("团建菜单：宫保鸡丁、麻婆豆腐、白切鸡；下午去王府井，晚上住周庄")).toEqual([]);
  });
});

describe("round sixteen: phones in more national formats", () => {
  it("reads no name in a form's field keys", () => {
    expect(people("航班：CA1234\n留言：请尽快")).toEqual([]);
  });

  it("reads an Australian 1800 line, a Russian number with its trunk 8, and a local number after 'ping … on'", () => {
    expect(phones("For help call 1300 655 506 or 1800 555 019.")).toEqual(["1300 655 506", "1800 555 019"]);
    expect(phones("перезвонить: 8 (812) 555-40-12")).toEqual(["8 (812) 555-40-12"]);
    expect(phones("if the pager is quiet ping Dmitri on 555-0142")).toEqual(["555-0142"]);
    expect(phones("build 8 (495) 555-01-77 passed")).toEqual([]);
  });
});

describe("round sixteen, after review: what the new rules must read and must not", () => {
  it("reads a gate's or a door's code and a combination written without 'is', not an alarm's code or a count", () => {
    expect(secrets("delivery note: gate code is #4512, leave it at the door")).toEqual(["4512"]);
    expect(secrets("Safe combination 12-34-56")).toEqual(["12-34-56"]);
    expect(secrets("Alarm code is 2105 (overheat); see the combination table")).toEqual([]);
    expect(secrets("The vault code is 1200 lines; combination tests pass")).toEqual([]);
    expect(secrets("the AND gate combination is 0110 for this truth table")).toEqual([]);
  });

  it("takes no month, place, firm or thing for a person among people", () => {
    const found = people("Priya Patel approved the PR. Ruby upgraded to 3.3. Ruby will be removed from the base image. April is looking good. Chase declined the card. Austin opened a second office.");
    expect(found).toEqual(["Priya Patel"]);
  });

  it("reads no brand's word in a SQL list, no duration for a 1800 line, no ring buffer for a phone", () => {
    expect(people("WHERE owner IN ('huawei', 'xiaomi', 'baidu')")).toEqual([]);
    expect(phones("ttl: 1800 300 600")).toEqual([]);
    expect(phones("ethtool -g eth0: ring 512 1024 2048 4096")).toEqual([]);
    expect(phones("ring me on 0412 555 019")).toEqual(["0412 555 019"]);
  });

  it("keeps a version before 版本 and a date, and reads no name in 名字 followed by 是 or a word", () => {
    expect(spansOf("IP_ADDRESS")("Agent 7.52.0.1 版本 2024-05-01 发布")).toEqual([]);
    expect(people("我的名字全拼是 zhangsan，我名字万一重复怎么办")).toEqual([]);
  });

  it("reads birth dates after Italian, Portuguese and German cues and with French and Spanish ordinals", () => {
    expect(dates("nata il 2 febbraio 1988 a Torino")).toEqual(["2 febbraio 1988"]);
    expect(dates("nascido em 15 de março de 1990")).toEqual(["15 de março de 1990"]);
    expect(dates("geb. 3. März 1985")).toEqual(["3. März 1985"]);
    expect(dates("née le 1er mai 1985")).toEqual(["1er mai 1985"]);
  });
});

describe("after set s: chat exports' speakers, a name before 的, firms under Name, redis passwords, card security codes", () => {
  it("reads a full name that speaks after a chat export's time stamp, and one before 的", () => {
    expect(people("群聊导出\n2026-11-30 09:12 邵志明：报表发了\n2026-11-30 09:13 余婉清：收到")).toEqual(["邵志明", "余婉清"]);
    expect(people("这笔退款是邵志明的订单，麻烦核实")).toEqual(["邵志明"]);
    expect(people("10:02 系统：重启完成\n10:03 高速：拥堵\n感谢大家的支持，这是高质量的产品")).toEqual([]);
  });

  it("reads no firm in a table's Name column", () => {
    expect(people("| Ticker | Name | Close |\n|---|---|---|\n| WFC | Wells Fargo | 71.55 |\n| GS | Goldman Sachs | 561.07 |")).toEqual([]);
  });

  it("reads redis's requirepass, and a card's security code only beside a card that is sure", () => {
    expect(secrets("redis-server --requirepass Hq7#mPz2Lw")).toEqual(["Hq7#mPz2Lw"]);
    expect(secrets("customer pasted card 4111 1111 1111 1111 exp 12/27 CVV 904")).toEqual(["904"]);
    expect(secrets("卡号 4111 1111 1111 1111，CVV是552")).toEqual(["552"]);
    expect(secrets("the CVV field must hold 3 or 4 digits, e.g. CVV 123")).toEqual([]);
    expect(secrets("order id 4539148803436467 cid=1042")).toEqual([]);
  });
});

describe("after set s: pinyin logins with initials, 用户名, a resident ID's holder", () => {
  it("reads a pinyin surname and the given name's initials as a login in a login's place", () => {
    expect(people("DEPLOY_OWNER=zhangwf\n账号 sima.jj 已锁定\n用户名 huangyq 密码见邮件")).toEqual(["zhangwf", "sima.jj", "huangyq"]);
    expect(people("user=maps\nowner: docs\nuser=zhangs\nGenerated by sunrpc\naccount: linkd")).toEqual([]);
  });

  it("reads the name a resident ID is written after, even a word, not a label", () => {
    expect(people("待复核：\n1. 欧阳建国 110101199003074514\n2. 身份证 110101199003074514")).toEqual(["欧阳建国"]);
  });
});

describe("after set s, third part: a PIN and a login in a key-value table, an HTTP client's login pair", () => {
  it("reads a *_pin key's digits across a column gap and a login under a login's key, not a table's other rows", () => {
    const table = "Key               Value\n---               -----\nterminal_pin      604172\nowner             k.dlamini\nstatus            running";
    expect(secrets(table)).toEqual(["604172"]);
    expect(people(table)).toEqual(["k.dlamini"]);
    expect(secrets("GPIO pin    2048\nspin: 1234")).toEqual([]);
  });

  it("reads no secret in a function that ends in Auth, nor a placeholder in an auth pair", () => {
    expect(secrets('requireAuth("admin", "dashboard"); checkAuth(\'user\', \'read\'); auth=(\'apikey\', \'YOUR_API_KEY\')')).toEqual([]);
    expect(secrets("led_pin = 1023\ngpio_pin: 2048")).toEqual([]);
  });

  it("reads the password of auth=(…) and BasicAuth(…), and the login when it is a person's", () => {
    const call = 'requests.get(url, auth=("tnkosi", "Gx7#mPz2Lw"))\nhttpx.get(url, auth=httpx.BasicAuth("svc-report", "Qm7!vX2pLw"))';
    expect(secrets(call)).toEqual(["Gx7#mPz2Lw", "Qm7!vX2pLw"]);
    expect(people(call)).toEqual(["tnkosi"]);
    expect(secrets('auth=("user", "password")')).toEqual([]);
  });
});

describe("after set s, last part: streets and districts in an address's value", () => {
  it("reads no person in an address's value, but one after c/o and in the next field", () => {
    expect(people("Full name: Trần Thị Mai\nResidential address: 22 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội")).toEqual(["Trần Thị Mai"]);
    expect(people("Shipping address: c/o Maria Lopez, 12 Oak St")).toEqual(["Maria Lopez"]);
    expect(people('{"address":"5 Oak St","name":"George Harris"}\nemail_address: anna.berg@x.example, owner Anna Berg')).toEqual(["George Harris", "Anna Berg"]);
  });
});

describe("round seventeen: streets, places and greetings abroad, temporary cloud key ids", () => {
  it("reads no person in a street's or a place's name, nor in a greeting in another language", () => {
    expect(people("deliver c/o Marek Dvořák, Calle de Alcalá 48, Madrid")).toEqual(["Marek Dvořák"]);
    expect(people("Place of registration: Victoria Island, Lagos")).toEqual([]);
    expect(people('template: "Bonjour {{prenom}}, votre code est {{code}}"')).toEqual([]);
  });

  it("keeps a short name that is also a greeting elsewhere, and a surname after a given name", () => {
    expect(people("Thanks, Ola")).toEqual(["Ola"]);
    expect(people("Refund approved by Julia Street")).toEqual(["Julia Street"]);
  });

  it("redacts the whole name when a surname that is also a word was found on its own too", () => {
    // "Park approved" alone scored higher than "Kevin Park", and the given name was left in the clear.
    expect(people("Kevin Park approved it. Later Jenny Hall signed.")).toEqual(["Kevin Park", "Jenny Hall"]);
  });

  it("reads an Alibaba Cloud STS key id by its prefix, not an STS API call", () => {
    expect(secrets("AccessKeyId: STS.Lq8Vn3Kd2Xp7Rm4Tz9Wb1Hc6")).toEqual(["STS.Lq8Vn3Kd2Xp7Rm4Tz9Wb1Hc6"]);
    expect(secrets("calling STS.AssumeRoleWithWebIdentity failed")).toEqual([]);
  });
});

describe("after set t: a PIN in a Python dict, an auth token in hex, a one-time code on its log line, roles before Chinese names", () => {
  it("reads a PIN under a quoted key, a hex auth token, and a code under a code's key on a line about one-time codes", () => {
    expect(secrets("payload={'acct': 'x', 'pin': '7305', 'channel': 'ussd'}")).toEqual(["7305"]);
    expect(secrets('[sms]\nvendor_auth = "5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f"')).toEqual(["5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f"]);
    expect(secrets("[09:01] 登录验证码下发 phone=masked code=604215 biz=login")).toEqual(["604215"]);
  });

  it("leaves a GPIO pin, a hash under auth's name, a test code and a status code alone", () => {
    expect(secrets("{'gpio_pin': '1234'}")).toEqual([]);
    expect(secrets('auth_hash = "5e0a9c2f7b1d4e8a6c3f0b9d2e7a1c4f"')).toEqual([]);
    expect(secrets("OTP sent: to=+14155550100 code=000000")).toEqual([]);
    expect(secrets("sms gateway: status code=2000 retries=3")).toEqual([]);
  });

  it("reads a password written as groups of capitals and digits a few words after its word, not a ticket's number", () => {
    expect(secrets("guest network: the password is on the box, 4MXP-Q7DR-2KTW")).toEqual(["4MXP-Q7DR-2KTW"]);
    expect(secrets("password reset ticket INC-2291-AB12 closed")).toEqual([]);
  });

  it("reads compound pinyin surnames no list has, and no holiday for a person", () => {
    expect(people("signed by Shangguan Ruoxi and Zhuge Mingliang")).toEqual(["Shangguan Ruoxi", "Zhuge Mingliang"]);
    expect(people("closed on Christmas Eve and Boxing Day")).toEqual([]);
  });

  it("reads a name after a party's or a role's word: 买家, 候选人, 借款人", () => {
    expect(people("候选人郑凯的简历已转给用人部门")).toEqual(["郑凯"]);
    expect(people("借款人孙丽，申请金额 30,000 元")).toEqual(["孙丽"]);
  });
});

describe("round seventeen, after review: surnames that are places' words, codes that are errors' numbers", () => {
  it("keeps a name whose surname is a street's or a place's word, and a greeting that is also a name", () => {
    expect(people("Dr. Adam Beach will see you; Michael Beach signed the lease")).toEqual(["Adam Beach", "Michael Beach"]);
    expect(people("Estrada Gonzalez, Maria")).toContain("Estrada Gonzalez");
    expect(people("ask Shalom about it")).toEqual(["Shalom"]);
  });

  it("reads no password code in an error's, an order's or a build's number, and no one-time code in an error code", () => {
    expect(secrets("Password change failed, see error E1001-AUTH-0042")).toEqual([]);
    expect(secrets("Password reset for order ORD12-55821-99310 completed")).toEqual([]);
    expect(secrets("SMS verification failed, error code=4001; http code: 4290")).toEqual([]);
    expect(secrets("otp sent to user 42, code=582931")).toEqual(["582931"]);
  });
});

describe("after set u: a PIN in brackets, Mailgun keys, a one-time code answered in a chat, mima", () => {
  it("reads them", () => {
    expect(secrets("customer read out their card PIN (7316) on the call")).toEqual(["7316"]);
    expect(secrets("MAILGUN_KEY? it is key-0b7e2a9c4d1f6e8a3c5b7d9e1f2a4c6e")).toEqual(["key-0b7e2a9c4d1f6e8a3c5b7d9e1f2a4c6e"]);
    expect(secrets("[10:02] 客服：验证码已发送，请告知\n[10:02] 客户：590314\n[10:03] 客服：好的")).toEqual(["590314"]);
    expect(secrets("db.mima=Xq7!pLm2")).toEqual(["Xq7!pLm2"]);
  });

  it("leaves a connector's pin, a test code and a code nobody asked for alone", () => {
    expect(secrets("wire it to pin (GPIO 17)")).toEqual([]);
    expect(secrets("验证码已发送，请告知\n客户：000000")).toEqual([]);
    expect(secrets("订单已发货\n客户：590314")).toEqual([]);
  });
});

describe("round eighteen: what the context model for secrets must read and leave", () => {
  it("reads a PIN at a sentence's end and a code after a Chinese label", () => {
    expect(secrets("ops chat: the new PIN for the lobby safe is 6620.")).toEqual(["6620"]);
    expect(secrets("动态码：Qz8mW2rT9x，请勿告诉他人")).toEqual(["Qz8mW2rT9x"]);
  });

  it("reads no key's id, name or usage, no promo code and no trace id as a secret", () => {
    expect(secrets('"api_key_name": "ingest-prod-2", "api_key_id": "ak_9f3Kx21"')).toEqual([]);
    expect(secrets('"token_id": "tkn_01HQ3ZK8", "created": "2026-03-04"')).toEqual([]);
    expect(secrets('{"token_usage": {"model": "qwen2.5-72b", "run": "run_7fK2mQ"}}')).toEqual([]);
    expect(secrets("otp_length=6 otp_ttl=300 otp_provider=TwilioVerify2")).toEqual([]);
    expect(secrets("Promo code HOLIDAY2026x applied to cart 8821")).toEqual([]);
    expect(secrets("auth header missing in request 9f3Kx21mQ (see trace abc123XYZ9)")).toEqual([]);
    expect(secrets("The primary key is order_id2 and the foreign key is cust_ref9")).toEqual([]);
  });

  it("takes no word that holds a cue's letters for a cue: a monkey test, a bypass flag, a keycloak realm", () => {
    expect(secrets("Monkey test run mk-2026-03-04-a1B2 completed")).toEqual([]);
    expect(secrets("bypass flag set for tenant t-88Ab12, ticket OPS-2291")).toEqual([]);
    expect(secrets("the keycloak realm is acme-prod2 and client id web-app-v3")).toEqual([]);
  });
});

describe("after set v: a card in a path that names it, a payment API's object ids", () => {
  const cards = spansOf("CREDIT_CARD");
  it("reads a card number as a path's segment after card or pan, not after another word", () => {
    expect(cards("action=VIEW_FULL_PAN resource=card/2221925354986868 justification=call")).toEqual(["2221925354986868"]);
    expect(cards("GET /v1/cards/4111111111111111/limits")).toEqual(["4111111111111111"]);
    expect(cards("GET /v1/orders/4111111111111111/items")).toEqual([]);
    expect(cards("GET /regions/japan/4111111111111111/stats")).toEqual([]);
  });

  it("reads no customer's, charge's or dispute's id beside a webhook's secret as a secret", () => {
    expect(secrets("signing_secret_used=whsec_Lq7Hc2Vn9Ex4Rk1Tz6Yp3Bm8Ds0Fa5Wg dispute=dp_1QzR8 customer=cus_9Xk2Lm4 charge=ch_3Nq8Rt2")).toEqual([
      "whsec_Lq7Hc2Vn9Ex4Rk1Tz6Yp3Bm8Ds0Fa5Wg",
    ]);
  });
});
