import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash, timingSafeEqual } from 'node:crypto';
import { TriageError } from '../contract/errors.js';

const MAX_TOKEN_FILE_BYTES = 4096;
export const MIN_TOKEN_LENGTH = 16;
const HOW_TO_MAKE = 'for example: (umask 077; head -c 32 /dev/urandom | base64 > FILE)';

/** The token is kept only as its digest: comparing equal-length digests takes the same time whatever differs. */
export type TokenDigest = Buffer;

function digest(text: string): TokenDigest {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Reads the bearer token from a file the way ssh reads a key: a regular file, not readable or writable by
 * every user (the token is what lets a remote scraper in), holding one line of at least 16 characters.
 */
export function readTokenFile(path: string): TokenDigest {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new TriageError('INVALID_INPUT', `Cannot read the metrics token file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new TriageError('INVALID_INPUT', `The metrics token file ${path} is not a regular file.`);
    if (stat.mode & 0o007) {
      const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
      throw new TriageError(
        'INVALID_INPUT',
        `The metrics token file ${path} can be read or written by every user on this machine (mode ${mode}), so it is no secret; run: chmod 600 ${path}`,
      );
    }
    if (stat.size > MAX_TOKEN_FILE_BYTES) {
      throw new TriageError('INVALID_INPUT', `The metrics token file ${path} is ${stat.size} bytes; a token file holds one line (at most ${MAX_TOKEN_FILE_BYTES} bytes).`);
    }
    const buffer = Buffer.alloc(MAX_TOKEN_FILE_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const token = buffer.subarray(0, length).toString('utf8').trim();
    if (/\s/.test(token)) throw new TriageError('INVALID_INPUT', `The metrics token file ${path} must hold one token on one line, without spaces.`);
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new TriageError('INVALID_INPUT', `The token in ${path} is ${token.length === 0 ? 'empty' : 'too short'}: use at least ${MIN_TOKEN_LENGTH} random characters, ${HOW_TO_MAKE}.`);
    }
    return digest(token);
  } finally {
    closeSync(fd);
  }
}

/** Whether an Authorization header carries the token as "Bearer TOKEN", compared in constant time. */
export function bearerMatches(header: string | undefined, expected: TokenDigest): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), expected);
}
