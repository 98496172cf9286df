import { detectNumbers } from "@/lib/domain/pii/detectors/numbers";
import { detectSecrets } from "@/lib/domain/pii/detectors/secret";
import { readFileSync } from "node:fs";
const text = readFileSync("/tmp/mix.txt", "utf8");
for (let i = 0; i < 10; i++) { detectNumbers(text, []); detectSecrets(text, []); }
