import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The `electronFuses:` block of electron-builder.yml as name → value (a flat map of booleans). */
function fuses(): Record<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', 'electron-builder.yml'), 'utf8');
  const block = /^electronFuses:\n((?: {2}\S.*\n?)+)/m.exec(text);
  expect(block, 'electron-builder.yml has an electronFuses block').not.toBeNull();
  return Object.fromEntries(block![1]!.trim().split('\n').map((line) => line.trim().split(/:\s*/) as [string, string]));
}

describe('packaged build fuses', () => {
  it('turn off every way to run code outside the app, including file:// extra privileges', () => {
    expect(fuses()).toEqual({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });
});
