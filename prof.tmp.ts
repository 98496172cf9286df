import { detectNumbers } from "@/lib/domain/pii/detectors/numbers";
import { detectEmails } from "@/lib/domain/pii/detectors/email";
import { detectIbans } from "@/lib/domain/pii/detectors/iban";
import { detectIpv6 } from "@/lib/domain/pii/detectors/ip";
import { detectSecrets } from "@/lib/domain/pii/detectors/secret";
import { detectPersons } from "@/lib/domain/pii/detectors/person";
import { detectDatesOfBirth } from "@/lib/domain/pii/detectors/date-of-birth";
import { scanText } from "@/lib/domain/pii";
import { readFileSync } from "node:fs";
const text = readFileSync("/tmp/mix.txt", "utf8");
const mb = Buffer.byteLength(text) / 1048576;
const fns: [string, (t: string) => unknown][] = [
  ["numbers", (t) => detectNumbers(t, [])],
  ["emails", (t) => detectEmails(t, [])],
  ["ibans", (t) => detectIbans(t, [])],
  ["ipv6", (t) => detectIpv6(t, [])],
  ["secrets", (t) => detectSecrets(t, [])],
  ["persons", (t) => detectPersons(t, [])],
  ["dob", (t) => detectDatesOfBirth(t, [])],
  ["scanText", (t) => scanText(t)],
];
for (const [name, fn] of fns) {
  fn(text);
  const s = performance.now(); fn(text); fn(text); const ms = (performance.now() - s) / 2;
  console.log(name.padEnd(10), ms.toFixed(1), "ms", (mb / (ms / 1000)).toFixed(0), "MB/s");
}
