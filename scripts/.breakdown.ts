/**
 * Throughput of the PII firewall on a realistic mix: agent interaction records with English and
 * Chinese intents, JSON API responses full of ids, timestamps and amounts, and a little PII; then
 * on text dense with people's names (chats, e-mail headers, git trailers, tables), where the name
 * detectors do the most work. Prints MB/s of input on one core (UTF-8 bytes) and the memory that
 * loading the firewall (its name lists) costs each process or worker thread; no assertions.
 */
import { performance } from "node:perf_hooks";

// Loaded here rather than imported, so the memory it takes can be measured.
const memoryBefore = process.memoryUsage();
const NEW = await import("/work/main/lib/domain/pii/index.ts");
const OLD = await import("/tmp/wt-old/lib/domain/pii/index.ts");
const PM = await import("/work/main/lib/domain/pii/detectors/person-model.ts");
const PZ = await import("/work/main/lib/domain/pii/detectors/person-model-zh.ts");
const SM = await import("/work/main/lib/domain/pii/detectors/secret-model.ts");

let saved: any;
let { createRedactionContext, redactJson, redactText, scanText } = NEW;
function use(m: any) { ({ createRedactionContext, redactJson, redactText, scanText } = m === "off" ? NEW : m); if (m === "off") { SM.setSecretModel(null); } else if (m === NEW) { SM.setSecretModel(undefined as any); } }
scanText("Anna Smith 张伟说");
const memoryAfter = process.memoryUsage();

const TARGET_BYTES = 8 * 1024 * 1024;
const SECRET = "bench-secret";

// Seeded, so every run measures the same input.
let seed = 0x2f6b1d;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const hex = (n: number): string => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const iso = (): string => new Date(Date.UTC(2026, int(0, 11), int(1, 28), int(0, 23), int(0, 59), int(0, 59))).toISOString();

const INTENTS_EN = [
  "Where is my order ORD-2026-{n}? It was supposed to arrive on {date}.",
  "I was charged twice for invoice INV-{n}, please refund ${price}.",
  "Cancel my subscription and stop billing the card ending in {last4}.",
  "The export job {uuid} failed with HTTP 503 after 3 retries.",
  "Change the delivery address for shipment {n} to the office, same as last time.",
  "Why did the API return 429 at {ts}? We are on the Pro plan v2.4.1.",
  "Book a table for 4 at 19:30 tomorrow, the confirmation number was {n}.",
  "Reset the password for my account, I no longer have access to the old phone.",
];
const INTENTS_ZH = [
  "我的订单{n}还没有发货，请帮我查一下物流。",
  "发票号码{n}的金额不对，应该是¥{price}。",
  "请把会员等级升级到黄金会员，订单号ORD-2026-{n}。",
  "接口在{ts}返回了错误码500，请重试。",
  "帮我取消明天下午3点的预约，工单号{n}。",
  "退款什么时候到账？交易流水号{n}。",
];
const PII_SNIPPETS = [
  "You can reach me at {email} or {phone}.",
  "My name is {first} {last} and my card is {card}.",
  "我叫{zhname}，手机{cnphone}，麻烦尽快处理。",
  "SSN {ssn}, DOB: 1985-04-12.",
  "client ip {ip}, token=sk-proj-{key}",
];
const FIRST = ["Alice", "Bob", "Maria", "James", "Wei", "Priya", "Lucas", "Emma"];
const LAST = ["Smith", "Garcia", "Chen", "Patel", "Müller", "Johnson", "Nguyen"];
const ZH_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"];
const CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "340000000000009"];
const PRODUCTS_EN = [
  "Wireless noise-cancelling headphones, black",
  "USB-C charging cable 2m, braided",
  "Stainless steel water bottle 750 ml",
  "Ergonomic office chair with lumbar support",
  "Running shoes, men's size 10, blue/white",
  "4K monitor 27 inch, IPS, 144 Hz",
  "Organic green tea, 100 bags",
  "Mechanical keyboard, brown switches, US layout",
];
const PRODUCTS_ZH = ["无线蓝牙耳机，降噪版，黑色", "不锈钢保温杯 500 毫升", "儿童绘本套装（10 册）", "有机绿茶 100 包", "机械键盘 茶轴 87 键"];

function fill(template: string): string {
  return template
    .replaceAll("{n}", () => String(int(100000, 999999)))
    .replaceAll("{date}", () => iso().slice(0, 10))
    .replaceAll("{ts}", iso)
    .replaceAll("{uuid}", uuid)
    .replaceAll("{price}", () => `${int(1, 9)},${int(100, 999)}.${int(10, 99)}`)
    .replaceAll("{last4}", () => String(int(1000, 9999)))
    .replaceAll("{email}", () => `${pick(FIRST).toLowerCase()}.${int(1, 99)}@example.com`)
    .replaceAll("{phone}", () => `+1 415 555 ${int(1000, 9999)}`)
    .replaceAll("{first}", () => pick(FIRST))
    .replaceAll("{last}", () => pick(LAST))
    .replaceAll("{card}", () => pick(CARDS))
    .replaceAll("{zhname}", () => pick(ZH_NAMES))
    .replaceAll("{cnphone}", () => `13${int(0, 9)}${int(10000000, 99999999)}`)
    .replaceAll("{ssn}", () => `${int(100, 665)}-${int(10, 99)}-${int(1000, 9999)}`)
    .replaceAll("{ip}", () => `203.0.113.${int(1, 254)}`)
    .replaceAll("{key}", () => `Ab3${hex(28)}Zq9`);
}

interface BenchRecord {
  texts: string[];
  json: unknown;
}

function record(): BenchRecord {
  const chinese = random() < 0.35;
  let intent = fill(pick(chinese ? INTENTS_ZH : INTENTS_EN));
  if (random() < 0.15) intent += " " + fill(pick(PII_SNIPPETS));
  const items = Array.from({ length: int(1, 6) }, () => ({
    sku: `SKU-${int(10000, 99999)}`,
    qty: int(1, 5),
    unit_price: int(100, 99999) / 100,
    description: pick(chinese ? PRODUCTS_ZH : PRODUCTS_EN),
  }));
  const response = {
    status: pick([200, 200, 200, 404, 429, 500, 503]),
    request_id: uuid(),
    trace_id: hex(32),
    created_at: iso(),
    updated_at: iso(),
    order: { id: `ORD-2026-${int(100000, 999999)}`, total: int(1000, 999999) / 100, currency: "USD", items },
    customer: random() < 0.1 ? { email: `user${int(1, 9999)}@example.org`, phone: 4155550000 + int(100, 999) } : { tier: "gold" },
    pagination: { page: int(1, 20), per_page: 50, total: int(0, 5000), next_cursor: hex(24) },
    checksum: hex(64),
    server: { host: "api-7.internal", port: 8080, version: "3.14.2", latency_ms: int(3, 900) },
  };
  return {
    texts: [
      intent,
      `Called ${pick(["orders.lookup", "billing.refund", "crm.update"])} with id ${int(1000000, 9999999)}; retry after ${int(1, 30)}s (attempt ${int(1, 3)}/3) at ${iso()}`,
    ],
    json: { api_response: response, metadata: { session_id: uuid(), model_version: "v2.4.1", region: "eu-west-1" } },
  };
}

const records: BenchRecord[] = [];
let bytes = 0;
while (bytes < TARGET_BYTES) {
  const r = record();
  records.push(r);
  for (const t of r.texts) bytes += Buffer.byteLength(t);
  bytes += Buffer.byteLength(JSON.stringify(r.json));
}

function redactAll(): number {
  let found = 0;
  for (const r of records) {
    const context = createRedactionContext();
    for (const t of r.texts) found += redactText(t, { secret: SECRET, context }).report.total;
    found += redactJson(r.json, { secret: SECRET, context }).report.total;
  }
  return found;
}

// Whole records as one text each, the way a residual-PII check reads an exported sample.
const serialised = records.map((r) => [...r.texts, JSON.stringify(r.json)].join("\n"));

function scanAll(): number {
  let found = 0;
  for (const text of serialised) found += scanText(text).length;
  return found;
}

interface Timing {
  wallSeconds: number;
  cpuSeconds: number;
}

/**
 * Best wall-clock time and mean CPU time over several rounds. CPU time (all of the process's
 * threads, so GC helpers count too) is the fairer one-core figure on a machine that is busy
 * with other work; on an idle machine the two agree.
 */
function measure(run: () => number, rounds: number): Timing {
  let wallSeconds = Infinity;
  let cpuMicros = 0;
  for (let i = 0; i < rounds; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    run();
    wallSeconds = Math.min(wallSeconds, (performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
  }
  return { wallSeconds, cpuSeconds: cpuMicros / rounds / 1e6 };
}

// Text dense with names: what a support inbox, a ticket export or a git log looks like.
const NAMES_FIRST = ["Priya", "Daniel", "Hannah", "Lucia", "Thomas", "Grace", "Anna", "Kevin", "Sophie", "Omar", "Ingrid", "José"];
const NAMES_LAST = ["Raman", "Okafor", "Schmidt", "Fernandez", "Becker", "Kim", "de Vries", "O'Brien", "Turner", "Farouk", "McDonald", "Álvarez"];
const NAMES_ZH = ["张伟", "朱玉婷", "王秀英", "欧阳娜娜", "陈静", "司马文杰", "刘洋", "黄晓东", "孙丽", "周建国"];
const NAME_DENSE = [
  "{first} {last} called about order {n} and asked for a callback.",
  "From: \"{first} {last}\" <{email}>\nTo: support@example.com\nSubject: Invoice {n}",
  "Author: {first} {last} <{email}>\nSigned-off-by: {first} {last} <{email}>",
  "reporter={first} {last} assignee={first} {last} priority=high ticket={n}",
  "{last}, {first},{n},refunded",
  "Hi {first}, thanks for waiting. I can see the parcel at the depot.\n\nBest,\n{first} {last}",
  "{zhname}说明天上午会再打一次客服电话，订单{n}。",
  "收件人：{zhname}\n联系人：{zhname}\n请提醒{zhname}周五前提交报销单。",
  "@{zhname} 请看一下工单 #{n}，由{zhname}转交给{zhname}处理。",
];

function fillNames(template: string): string {
  return fill(template)
    .replaceAll("{first}", () => pick(NAMES_FIRST))
    .replaceAll("{last}", () => pick(NAMES_LAST))
    .replaceAll("{zhname}", () => pick(NAMES_ZH));
}

const nameTexts: string[] = [];
let nameBytes = 0;
while (nameBytes < TARGET_BYTES / 4) {
  const text = Array.from({ length: int(1, 4) }, () => fillNames(pick(NAME_DENSE))).join("\n");
  nameTexts.push(text);
  nameBytes += Buffer.byteLength(text);
}

function redactNames(): number {
  let found = 0;
  for (const t of nameTexts) found += redactText(t, { secret: SECRET }).report.total;
  return found;
}



const D = {
  numbers: (await import("/work/main/lib/domain/pii/detectors/numbers.ts")).detectNumbers,
  emails: (await import("/work/main/lib/domain/pii/detectors/email.ts")).detectEmails,
  secrets: (await import("/work/main/lib/domain/pii/detectors/secret.ts")).detectSecrets,
  credentials: (await import("/work/main/lib/domain/pii/detectors/credential.ts")).detectCredentials,
  handles: (await import("/work/main/lib/domain/pii/detectors/person-handle.ts")).detectHandles,
  secretModel: (await import("/work/main/lib/domain/pii/detectors/secret-model.ts")).detectSecretsByContext,
  strong: (await import("/work/main/lib/domain/pii/detectors/credential.ts")).detectStrongValues,
  generated: (await import("/work/main/lib/domain/pii/detectors/credential.ts")).detectGeneratedConfigValues,
  joined: (await import("/work/main/lib/domain/pii/detectors/person-handle.ts")).detectJoinedLogins,
  dob: (await import("/work/main/lib/domain/pii/detectors/date-of-birth.ts")).detectDatesOfBirth,
  persons: (await import("/work/main/lib/domain/pii/detectors/person.ts")).detectPersons,
  scan: scanText,
};
// Collect the texts the JSON walker scans: "key: value" for short strings, the value for long ones.
const texts: string[] = [];
const collect = (node: unknown, key?: string) => {
  if (typeof node === "string") { if (node.length >= 3) texts.push(key === undefined || node.length > 120 ? node : `${key}: ${node}`); }
  else if (Array.isArray(node)) node.forEach((x) => collect(x, key));
  else if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) collect(v, k);
};
for (const r of records) collect(r);
let chars = 0; for (const t of texts) chars += t.length;
console.log(texts.length, "texts", (chars / texts.length).toFixed(1), "chars avg");
for (const [name, f] of Object.entries(D)) {
  let best = 1e9;
  for (let k = 0; k < 5; k++) { const t0 = performance.now(); for (const t of texts) name === "scan" ? (f as any)(t) : name === "secretModel" ? (f as any)(t, 0.5, []) : name === "persons" ? (f as any)(t, /[A-Z][a-z]/.test(t), /[\u4e00-\u9fff]/.test(t), 0.5, []) : (f as any)(t, []); best = Math.min(best, performance.now() - t0); }
  console.log(name.padEnd(12), best.toFixed(0), "ms");
}
