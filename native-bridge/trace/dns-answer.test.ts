import { describe, expect, it } from 'vitest';
import { decodeCBytes, parseDnsAnswer, receivedPayload } from './dns-answer.js';

// The reply payload of a real capture (fixtures/strace-curl-nxdomain.txt): id "*k", flags \201\203 = response, NXDOMAIN.
const NX = '"*k\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\6nosuch\\7example\\0\\0\\1\\0\\1"';

describe('DNS replies as strace prints them', () => {
  it('decodes octal, hex and named escapes as bytes, not text', () => {
    expect([...decodeCBytes('"a\\0\\1\\201\\x7f\\n\\\\"')]).toEqual([97, 0, 1, 0o201, 0x7f, 10, 92]);
    // strace writes \0 then the digit 7 as \0007: three octal digits at most.
    expect([...decodeCBytes('"\\0007"')]).toEqual([0, 55]);
    expect([...decodeCBytes('"ab"...')]).toEqual([97, 98]);
  });

  it('reads the rcode and the question name', () => {
    expect(parseDnsAnswer(decodeCBytes(NX))).toEqual({ id: 0x2a6b, rcode: 3, answers: 0, name: 'nosuch.example' });
  });

  it('says nothing when too few bytes are shown, or when it is a query', () => {
    expect(parseDnsAnswer(decodeCBytes('"*k\\201\\203\\0\\1"'))).toBeNull();
    expect(parseDnsAnswer(decodeCBytes('"*k\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\6nosuch\\7example\\0\\0\\1\\0\\1"'))).toBeNull();
    // A header shown in full but a name cut by -s: the rcode is known, the name is not.
    expect(parseDnsAnswer(decodeCBytes('"*k\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\6nos"...'))).toMatchObject({ rcode: 3, name: null });
  });

  it('finds the payload of recvfrom and recvmsg', () => {
    expect(receivedPayload('recvfrom', ['7<UDP:[1.2.3.4:5->1.2.3.4:53]>', NX, '2048'])).toBe(NX);
    const msg = `{msg_name={sa_family=AF_INET, sin_port=htons(53)}, msg_iov=[{iov_base=${NX}, iov_len=2048}], msg_iovlen=1}`;
    expect(receivedPayload('recvmsg', ['7', msg, '0'])).toBe(NX);
    expect(receivedPayload('recvfrom', ['7', '0x7ffd1234', '2048'])).toBeNull();
  });
});
