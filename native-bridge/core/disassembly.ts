import type { CoreDisassembly, CoreStackFrame } from '../contract/core.js';
import type { GdbSession } from './gdb-session.js';
import { miInt, miList, miString, type MiValue } from './mi-parse.js';

const BEFORE = 5;
const AFTER = 6;

/** Pure: MI asm_insns around pc, cut to a window; null when pc is not an instruction start in them. */
export function instructionsAround(insns: readonly MiValue[], pc: bigint): CoreDisassembly['instructions'] | null {
  const list = insns.map((i) => {
    const address = miString(i, 'address') ?? '';
    return {
      address,
      function: miString(i, 'func-name'),
      offset: miInt(i, 'offset'),
      text: miString(i, 'inst') ?? '',
      current: address !== '' && safeBigInt(address) === pc,
    };
  });
  const at = list.findIndex((i) => i.current);
  if (at < 0) return null;
  return list.slice(Math.max(0, at - BEFORE), at + AFTER + 1);
}

function safeBigInt(hex: string): bigint | null {
  try {
    return BigInt(hex);
  } catch {
    return null;
  }
}

/**
 * Disassembles around a frame's pc. Starting a few bytes before pc may land inside an instruction on
 * x86; when pc is then not found, fall back to disassembling from pc onward.
 */
export async function disassembleFrame(session: GdbSession, threadId: number, frame: CoreStackFrame): Promise<CoreDisassembly | null> {
  const pc = safeBigInt(frame.address);
  if (pc === null) return null;
  const select = `--thread ${threadId} --frame ${frame.level}`;
  for (const [start, end] of [['$pc-32', '$pc+32'], ['$pc-24', '$pc+32'], ['$pc', '$pc+48']] as const) {
    const r = await session.command(`-data-disassemble ${select} -s ${start} -e ${end} -- 0`);
    if (r.resultClass !== 'done') continue;
    const window = instructionsAround(miList(r.results, 'asm_insns'), pc);
    if (window) return { threadId, frameLevel: frame.level, instructions: window };
  }
  return null;
}
