import type { CoreDisassembly, CoreSourceContext } from '../../../native-bridge/contract/index.js';

/** The source lines around the crashing frame, as text; the line it stopped on is marked. */
export function SourceView({ source }: { source: CoreSourceContext }) {
  const width = String(source.lines.at(-1)?.number ?? 0).length;
  return (
    <section className="core-block" data-testid="core-source">
      <h3>
        Source around <span className="mono">{source.file}:{source.line}</span> <span className="muted">(frame #{source.frameLevel})</span>
      </h3>
      <pre className="mono core-code">
        {source.lines.map((line) => {
          const hit = line.number === source.line;
          return (
            <div key={line.number} className={hit ? 'core-code-line hit' : 'core-code-line'} data-testid={hit ? 'core-source-hit' : undefined}>
              <span className="core-gutter">{String(line.number).padStart(width)}</span>
              {line.text || ' '}
            </div>
          );
        })}
      </pre>
    </section>
  );
}

/** Without symbols or source, the machine instructions around the faulting one are the fallback. */
export function DisassemblyView({ disassembly }: { disassembly: CoreDisassembly }) {
  return (
    <section className="core-block" data-testid="core-disassembly">
      <h3>
        Machine code around the crash <span className="muted">(thread {disassembly.threadId}, frame #{disassembly.frameLevel})</span>
      </h3>
      <pre className="mono core-code">
        {disassembly.instructions.map((ins) => (
          <div key={ins.address} className={ins.current ? 'core-code-line hit' : 'core-code-line'} data-testid={ins.current ? 'core-disassembly-hit' : undefined}>
            <span className="core-gutter">{ins.current ? '=>' : '  '}</span>
            {ins.address}
            {ins.function ? ` <${ins.function}+${ins.offset ?? 0}>` : ''}: {ins.text}
          </div>
        ))}
      </pre>
    </section>
  );
}
