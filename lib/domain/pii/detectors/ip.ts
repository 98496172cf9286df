import { addFinding, windowBefore, type FindingSink } from "./context";

// Four dotted numbers are also how versions are written. A version says so just before it: a
// label ("version", "AssemblyFileVersion(\"", "firmware", "build", 版本, 固件) or an upgrade
// ("upgraded to", 升级到, 回滚至) or a package pin ("requests==2.31.0.1", "~=", ">="). "version"
// may end a longer identifier (AssemblyVersion, app_version), so it needs no word boundary; the
// others do.
const VERSION_LABEL_BEFORE =
  /(?:version|\bver|\brelease|\bbuild|\bv|\brev|\bfirmware|\bfw|\bbootloader|\bbios|\buefi|\bkernel|\bdriver|\bsdk|\bpatch|\b(?:up|down)grad(?:e|ed|ing)(?: to)?|\bupdated? to|[=~!<>]=|版本号?|固件|(?:升级|更新|回滚|降级)(?:到|至)?)[\s:：=."'(\[]*$/;
// "172.18.0.0 网段", "the 10.20.0.0 subnet", "network 192.168.5.0": a network named as such, no host's address.
const NETWORK_AFTER = /^[ \t]*(?:网段|子网|段|subnets?\b|networks?\b|segment|range|netmask|mask)/i;
const NETWORK_BEFORE = /(?:网段|子网|subnet|network|segment|range|cidr)[\s:：=]*$/i;
// "10.0.0.0/8": a network range in a firewall rule, not a host anyone uses.
const PREFIX_LENGTH_AFTER = /^\/\d{1,3}(?!\d)/;
const UPGRADE_FROM_TO = /\b(?:(?:up|down)grad(?:e|ed|es|ing)|roll(?:ed|ing|s)?(?: out| back)?|bump(?:ed|ing|s)?|updat(?:e|ed|es|ing))\b[^.;\n]{0,60}\b(?:from|to)[ \t]+(?:v(?:ersion)?[ \t]?)?(?:\d{1,3}(?:\.\d{1,3}){3}[ \t]+to[ \t]+)?$/;
// "10.0.3.2 版" is the Chinese way of writing "version 10.0.3.2".
// "5.15.0.91-generic", "4.19.0.12-amd64": a release's suffix after it.
// "10.20.1.12 版本 v3.8.2" is not one: there 版本 labels the value after it.
const VERSION_AFTER = /^ ?版(?!本号?[ \t:：]*[vV]?\d+\.\d)|^-[a-z]{2}/;
// Words that say a host comes next (at most a few characters before it). They raise the score,
// and they are what a version-shaped address ("8.8.4.4", "1.1.1.1") needs to count at all.
const IP_CUE =
  /(?:\bip\b|\baddr|\bclient|\bhost|\bremote|\bfrom\b|\bsource|\bserver|\bdns|\bnameserver|\bresolver|\bgateway|\bpeer|\bupstream|\bproxy|\bping|\bconnect|forwarded|\binet|\bsrc|\bdst|\bdest|\bvia\b|\bwan|\blan\b|\bvpn|\bbind|\blisten|\/\/|@|ip地址|地址|服务器|网关|主机|来源|访问)[^\n]{0,12}$/;

/**
 * "10.0.0.0/8" is a network; "192.168.56.101/24" (as `ip addr` and interface configs write a
 * host's address) is one host, whose bits below the prefix are not all zero.
 */
function isNetworkV4(octets: readonly string[], after: string): boolean {
  const prefix = PREFIX_LENGTH_AFTER.exec(after);
  if (!prefix) return false;
  const bits = Number(prefix[0].slice(1));
  if (bits > 32) return true;
  const value = ((Number(octets[0]) << 24) | (Number(octets[1]) << 16) | (Number(octets[2]) << 8) | Number(octets[3])) >>> 0;
  const hostMask = bits === 32 ? 0 : 0xffffffff >>> bits;
  return bits === 32 ? false : (value & hostMask) === 0;
}

/** "2001:db8::/32" is a network; "fe80::a00:27ff:fe4e:66a1/64" an interface's own address. */
function isNetworkV6(address: string, after: string): boolean {
  const prefix = PREFIX_LENGTH_AFTER.exec(after);
  if (!prefix) return false;
  const bits = Number(prefix[0].slice(1));
  if (bits > 128) return true;
  // The groups after the prefix: all zero (or left out after "::") for a network.
  const full = expandIpv6(address);
  if (full === null) return true;
  for (let bit = bits; bit < 128; bit++) if ((full[bit >> 4] >> (15 - (bit & 15))) & 1) return false;
  return true;
}

function expandIpv6(address: string): number[] | null {
  if (address.includes(".")) return null;
  const gap = address.indexOf("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  if (gap < 0) return parse(address);
  const left = parse(address.slice(0, gap));
  const right = parse(address.slice(gap + 2));
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * Score for four dot-separated groups, or 0 when they are not an IPv4 address.
 * Loopback, "any", broadcast and netmasks identify nobody, so they stay below the threshold.
 */
export function ipv4Score(text: string, start: number, end: number, octets: readonly string[]): number {
  for (const octet of octets) {
    if (octet.length > 3 || (octet.length > 1 && octet[0] === "0") || Number(octet) > 255) return 0;
  }
  const before = windowBefore(text, start);
  const after = text.slice(end, end + 12);
  if (VERSION_LABEL_BEFORE.test(before) || VERSION_AFTER.test(after) || isNetworkV4(octets, after)) return 0.2;
  if (octets[3] === "0" && (NETWORK_AFTER.test(text.slice(end, end + 12)) || NETWORK_BEFORE.test(before))) return 0.2;
  // "Upgrading the monitoring agent from 7.52.0.1 to 7.53.1.2": an upgrade's "from" and "to".
  if (UPGRADE_FROM_TO.test(windowBefore(text, start, 96))) return 0.2;
  const first = Number(octets[0]);
  if (first === 0 || first === 127 || first === 255) return 0.2;
  const cue = IP_CUE.test(before);
  // A single-digit first group and small others ("1.9.4.12", "8.0.3.1") is how versions count;
  // the few addresses shaped so (public resolvers like 8.8.4.4) come after a word that says so.
  const versionShaped = first < 10 && octets.every((o) => Number(o) < 20);
  if (versionShaped && !cue) return 0.45;
  return cue ? 0.95 : 0.85;
}

// Where an IPv6 address must be: at a "::" or at three colon-joined hex groups. Opening with a
// literal ':' lets the engine skip ahead fast; the address is then grown around the seed.
const IPV6_SEED = /:(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)/g;
const MAX_IPV6 = 45;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function ipv6Groups(part: string): number {
  if (part === "") return 0;
  let count = 0;
  for (const group of part.split(":")) {
    if (!HEX_GROUP.test(group)) return -1;
    count++;
  }
  return count;
}

/** Number of non-empty groups of a valid IPv6 address, or -1. */
function ipv6Size(candidate: string): number {
  let address = candidate;
  const lastColon = address.lastIndexOf(":");
  const tail = address.slice(lastColon + 1);
  if (tail.includes(".")) {
    const octets = tail.split(".");
    if (octets.length !== 4 || octets.some((o) => o === "" || o.length > 3 || Number(o) > 255)) return -1;
    // An IPv4 tail stands for the last two groups.
    address = address.slice(0, lastColon + 1) + "0:0";
  }
  const gap = address.indexOf("::");
  if (gap === -1) {
    const n = ipv6Groups(address);
    return n === 8 ? n : -1;
  }
  if (address.indexOf("::", gap + 1) !== -1) return -1;
  const left = ipv6Groups(address.slice(0, gap));
  const right = ipv6Groups(address.slice(gap + 2));
  if (left < 0 || right < 0 || left + right > 7) return -1;
  return left + right;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function detectIpv6(text: string, out: FindingSink): void {
  IPV6_SEED.lastIndex = 0;
  // Growing left stops where the previous candidate ended, so no character is visited twice.
  let floor = 0;
  for (let m = IPV6_SEED.exec(text); m; m = IPV6_SEED.exec(text)) {
    let start = m.index;
    while (start > floor && m.index - start < MAX_IPV6 && (isHex(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 58)) start--;
    let end = m.index + m[0].length;
    while (end - start < MAX_IPV6 && (isHex(text.charCodeAt(end)) || text.charCodeAt(end) === 58 || text.charCodeAt(end) === 46)) end++;
    IPV6_SEED.lastIndex = end;
    floor = end;
    while (text.charCodeAt(end - 1) === 46) end--;
    // Inside a longer token ("std::vector", a MAC with more groups, a run past the size limit).
    const before = text.charCodeAt(start - 1);
    if (isWordChar(before) || before === 46 || before === 58 || isWordChar(text.charCodeAt(end))) continue;
    const size = ipv6Size(text.slice(start, end));
    if (size < 0) continue;
    // "::1", "::", slice syntax like "[::2]" and prefixes like "2001:db8::/32" carry no address of anyone.
    const range = size < 2 || isNetworkV6(text.slice(start, end), text.slice(end, end + 4));
    addFinding(out, text, "IP_ADDRESS", start, end, range ? 0.2 : 0.9, "ipv6");
  }
}
