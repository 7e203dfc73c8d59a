import type { ReactNode } from 'react';

/** One entry of a facts list (`<dl className="facts">`): its label, then its value. */
export function Fact({ label, children, className, testId }: { label: string; children: ReactNode; className?: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={className} data-testid={testId}>
        {children}
      </dd>
    </>
  );
}
