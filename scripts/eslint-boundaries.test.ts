// The layer rules in eslint.config.js, checked on snippets: a rule that silently stopped matching would let the
// boundaries erode without a single lint error.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

/** The no-restricted-imports messages ESLint reports for `code` as if it were the file at `path`. */
async function restricted(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The no-restricted-syntax messages (spawning through a shell, importing test helpers). */
async function syntax(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('capability boundaries', () => {
  it("refuses a capability importing another capability's /proc helpers", async () => {
    const netfiles = await restricted('native-bridge/netfiles/x.ts', "import { parseIo } from '../processes/parse-io.js';\nexport const f = parseIo;\n");
    expect(netfiles).toHaveLength(1);
    expect(netfiles[0]).toMatch(/never another capability: move what both need to procfs/);
    expect(await restricted('native-bridge/memory/sub/x.ts', "import { a } from '../../system/cpu-usage.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/pty/x.ts', "import { a } from '../trace/tools.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/procfs/x.ts', "import { a } from '../pty/pty-session.js';\nexport const f = a;\n")).toHaveLength(1);
  });

  it('lets capabilities import procfs/, shared/, contract/ and the pty runner', async () => {
    const ok = [
      "import { readProcText } from '../procfs/read.js';",
      "import * as version from '../shared/version.js';",
      "import { TriageError } from '../contract/errors.js';",
      "import { spawnPty } from '../pty/pty-session.js';",
    ].join('\n');
    expect(await restricted('native-bridge/trace/x.ts', `${ok}\n`)).toEqual([]);
  });

  it('still applies the native-bridge rules inside a capability, with no exception left', async () => {
    expect(await restricted('native-bridge/system/x.ts', "import React from 'react';\nexport const f = React;\n")).toHaveLength(1);
    // The crossings that were allowed by name: the gdb terminal now gets core's checks from the backend, and
    // the systeminformation fallbacks live in platform/, which alone picks Linux or the fallback.
    expect(await restricted('native-bridge/terminal/x.ts', "import { a } from '../core/gdb-argv.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/processes/x.ts', "import { a } from '../platform/systeminformation.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/system/x.ts', "import { a } from '../platform/systeminformation.js';\nexport const f = a;\n")).toHaveLength(1);
  });

  it('leaves tests free to wire capabilities together', async () => {
    expect(await restricted('native-bridge/netfiles/x.test.ts', "import { a } from '../processes/control.js';\nexport const f = a;\n")).toEqual([]);
  });
});

describe('contract and common', () => {
  it('keeps the contract to schemas: zod and itself', async () => {
    expect(await restricted('native-bridge/contract/x.ts', "import { createClient } from '../common/client.js';\nexport const f = createClient;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/contract/x.ts', "import * as z from 'zod';\nimport { TriageError } from './errors.js';\nexport const f = [z, TriageError];\n")).toEqual([]);
  });

  it('lets common/ use the contract and itself, never a capability, the server or Node', async () => {
    expect(await restricted('native-bridge/common/x.ts', "import { TriageError } from '../contract/errors.js';\nimport { formatBytes } from './format/bytes.js';\nexport const f = [TriageError, formatBytes];\n")).toEqual([]);
    expect(await restricted('native-bridge/common/x.ts', "import { a } from '../processes/query.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/common/format/x.ts', "import { a } from '../../server/backend.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('native-bridge/common/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(1);
  });
});

describe('test helpers', () => {
  it('are never imported by production code, on either side, and tests may import them', async () => {
    const code = "import { until } from '../../test-support/until.js';\nexport const f = until;\n";
    expect(await syntax('native-bridge/processes/x.ts', code)).toEqual(['Production code never imports test helpers.']);
    expect(await syntax('renderer/features/x/y.ts', code)).toEqual(['Production code never imports test helpers.']);
    expect(await syntax('native-bridge/processes/x.test.ts', code)).toEqual([]);
    // Tests still spawn without a shell.
    expect(await syntax('native-bridge/processes/x.test.ts', "import { execSync } from 'node:child_process';\nexport const f = execSync;\n")).toHaveLength(1);
  });
});

describe('zod imports', () => {
  it('take zod as a namespace in native-bridge, so the CLI bundle keeps only the schemas it uses', async () => {
    const message = "Import zod as `import * as z from 'zod'`: the bundle then keeps only the schemas used.";
    expect(await syntax('native-bridge/contract/x.ts', "import { z } from 'zod';\nexport const f = z;\n")).toEqual([message]);
    expect(await syntax('native-bridge/contract/x.ts', "import z from 'zod';\nexport const f = z;\n")).toEqual([message]);
    expect(await syntax('native-bridge/contract/x.ts', "import * as z from 'zod';\nexport const f = z;\n")).toEqual([]);
    // A type-only import is erased: it bundles nothing.
    expect(await syntax('native-bridge/trace/x.ts', "import type { z } from 'zod';\nexport type F = z.ZodType;\n")).toEqual([]);
  });
});

describe('renderer features', () => {
  it("refuses a feature importing another feature's internals, from any depth", async () => {
    const crossing = await restricted('renderer/features/processes/x.tsx', "import { useTrace } from '../trace/store.js';\nexport const f = useTrace;\n");
    expect(crossing).toHaveLength(1);
    expect(crossing[0]).toMatch(/through its index\.ts only/);
    expect(await restricted('renderer/features/snapshot/parts/x.tsx', "import { EndView } from '../../trace/views/EndView.js';\nexport const f = EndView;\n")).toHaveLength(1);
    expect(await restricted('renderer/features/core/x.tsx', "import { a } from '../terminal/TerminalView.js';\nexport const f = a;\n")).toHaveLength(1);
  });

  it("allows another feature's entry, the feature's own files, renderer/app/ and stylesheets", async () => {
    const ok = [
      "import { useTrace } from '../../trace/index.js';",
      "import { AuditTable } from '../../processes/index.js';",
      "import { bannerText } from '../format.js';",
      "import { VirtualList } from '../../../app/VirtualList.js';",
      "import '../../trace/trace.css';",
    ].join('\n');
    expect(await restricted('renderer/features/snapshot/parts/x.tsx', `${ok}\nexport const f = [useTrace, AuditTable, bannerText, VirtualList];\n`)).toEqual([]);
    expect(await restricted('renderer/features/processes/store/x.ts', "import { a } from '../store.js';\nexport const f = a;\n")).toEqual([]);
  });

  it('still applies the renderer rules inside a feature, and leaves tests free', async () => {
    expect(await restricted('renderer/features/trace/x.ts', "import { a } from '../../../native-bridge/server/backend.js';\nexport const f = a;\n")).toHaveLength(1);
    expect(await restricted('renderer/features/snapshot/x.test.tsx', "import { a } from '../trace/store.js';\nexport const f = a;\n")).toEqual([]);
  });
});
