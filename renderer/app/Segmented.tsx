import type { ReactNode } from 'react';

export interface SegmentedOption<T> {
  value: T;
  label: ReactNode;
  testId?: string;
  title?: string;
  /** Added to this option's button (after the group's optionClassName). */
  className?: string;
}

/** radio: pick one setting; tab: pick which panel shows; toggle: plain pressed/unpressed buttons. */
export type SegmentedKind = 'radio' | 'tab' | 'toggle';

const GROUP_ROLE: Record<SegmentedKind, string> = { radio: 'radiogroup', tab: 'tablist', toggle: 'group' };

interface SegmentedProps<T> {
  /** Read out by screen readers for the whole group. */
  label: string;
  options: readonly SegmentedOption<T>[];
  value: T;
  onSelect: (value: T) => void;
  kind?: SegmentedKind;
  /** The group's class; 'segmented' is the shared button-group look. */
  className?: string;
  /** Class on every button (the selected one gets 'active' as well). */
  optionClassName?: string;
  testId?: string;
}

/** A row of buttons of which one is selected, with the ARIA roles that fit what the choice does. */
export function Segmented<T extends string | number>({
  label,
  options,
  value,
  onSelect,
  kind = 'radio',
  className = 'segmented',
  optionClassName,
  testId,
}: SegmentedProps<T>) {
  return (
    <div className={className} role={GROUP_ROLE[kind]} aria-label={label} data-testid={testId}>
      {options.map((option) => {
        const on = option.value === value;
        const classes = [optionClassName, option.className, on ? 'active' : undefined].filter(Boolean).join(' ');
        return (
          <button
            key={option.value}
            type="button"
            role={kind === 'toggle' ? undefined : kind}
            aria-checked={kind === 'radio' ? on : undefined}
            aria-selected={kind === 'tab' ? on : undefined}
            aria-pressed={kind === 'toggle' ? on : undefined}
            className={classes === '' ? undefined : classes}
            data-testid={option.testId}
            title={option.title}
            onClick={() => onSelect(option.value)}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
