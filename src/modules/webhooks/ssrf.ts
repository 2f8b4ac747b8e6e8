// Where an outbound webhook may go. An employer names the URL, so without care it could make
// our workers call the cloud's metadata service, a database or an admin port inside our
// network. Refused, unless WEBHOOK_ALLOW_PRIVATE_TARGETS (development and tests): loopback,
// private (RFC 1918, IPv6 unique-local), link-local (169.254/16, fe80::/10, the metadata
// service), carrier-grade NAT, multicast, unspecified and reserved addresses. The check is made
// on every address a name resolves to, when the endpoint is registered and again on every
// delivery, by the lookup the connection itself uses (a name that later resolves elsewhere, DNS
// rebinding, is caught at connect time); redirects are never followed.
import dns from 'node:dns';
import net from 'node:net';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
];

const blocked = new net.BlockList();
for (const [address, prefix] of BLOCKED_V4) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of BLOCKED_V6) blocked.addSubnet(address, prefix, 'ipv6');

/** Whether an IP address is one a webhook may not target (IPv4-mapped IPv6 is read as IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export const refused = (url: string, why: string) => new DomainError(ErrorCode.WEBHOOK_TARGET_REFUSED, `The webhook URL ${url} is not allowed: ${why}`);

/** A URL an endpoint may have: http(s), no credentials in it, not too long. */
export function checkUrlShape(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(raw, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused(raw, 'only http and https are allowed');
  if (url.username || url.password) throw refused(raw, 'credentials in the URL are not allowed (the signature authenticates us)');
  return url;
}

type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Every address the URL's host resolves to; refused if any is private (unless allowed). */
export async function resolveTarget(url: URL, allowPrivate: boolean, lookup: LookupAll = systemLookup): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host, family: net.isIP(host) }] : await lookup(host).catch(() => []);
  if (addresses.length === 0) throw refused(url.href, `${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw refused(url.href, `${host} resolves to ${bad.address}, a loopback, private or link-local address`);
  }
  return addresses;
}

/**
 * The `lookup` for the delivery's own connection: resolves and checks at connect time, so the
 * address connected to is the address checked.
 */
export function guardedLookup(allowPrivate: boolean, lookup: LookupAll = systemLookup): net.LookupFunction {
  return (hostname, options, callback) => {
    resolveTarget(new URL(`http://${net.isIP(hostname) === 6 ? `[${hostname}]` : hostname}/`), allowPrivate, lookup).then(
      (addresses) => {
        if ((options as dns.LookupAllOptions).all) callback(null, addresses as never);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}
