import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the OS random source, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison on equal-length digests, so neither length nor prefix leaks through timing. */
export function tokensEqual(candidate: string | undefined | null, secret: string): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}
