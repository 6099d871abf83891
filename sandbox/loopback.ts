import { readFileSync } from 'node:fs';

/**
 * Checks, from /proc/net/tcp and tcp6, that whatever listens on `port` listens on a loopback
 * address only (127.0.0.0/8, ::1 or ::ffff:127.x). Throws otherwise; does nothing where /proc is absent.
 */
export function assertLoopbackOnly(port: number, what: string): void {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const listening: string[] = [];
  let readable = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
      readable += 1;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, localPort] = (fields[1] ?? '').split(':');
      // State 0A is LISTEN.
      if (fields[3] === '0A' && localPort === portHex && address !== undefined) listening.push(address);
    }
  }
  if (readable === 0) return;
  if (listening.length === 0) throw new Error(`${what}: nothing listens on port ${port}`);
  const exposed = listening.filter((address) => !isLoopback(address));
  if (exposed.length > 0) {
    throw new Error(`${what} listens on port ${port} beyond loopback (${exposed.join(', ')} in /proc/net)`);
  }
}

/** /proc/net addresses are hex in host (little-endian) order per 32-bit word. */
function isLoopback(hex: string): boolean {
  if (hex.length === 8) return hex.endsWith('7F'); // 127.x.x.x
  const words = hex.match(/.{8}/g) ?? [];
  if (words.length !== 4) return false;
  const [w0, w1, w2, w3] = words;
  if (w0 === '00000000' && w1 === '00000000' && w2 === '00000000' && w3 === '01000000') return true; // ::1
  return w0 === '00000000' && w1 === '00000000' && w2 === 'FFFF0000' && (w3 ?? '').endsWith('7F'); // ::ffff:127.x
}
