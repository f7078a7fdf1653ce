import { isIP } from 'node:net';

/** An IPv4 or IPv6 range in CIDR notation, as NetworkPolicy `ipBlock` takes it. */
export interface Cidr {
  text: string;
  family: 4 | 6;
  prefix: number;
}

/** Parses `address/prefix`; undefined when it is not a CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const family = isIP(match[1]);
  const prefix = Number(match[2]);
  if (family !== 4 && family !== 6) return undefined;
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { text, family, prefix };
}
