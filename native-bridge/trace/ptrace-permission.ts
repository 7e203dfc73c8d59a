/** The sentence for "attach was refused", shaped by what the kernel setting says. */
export function explainPtraceRefusal(scope: number | null, pid: number): string {
  const launch = 'You can still trace it by launching the program from Triage instead of attaching.';
  switch (scope) {
    case 1:
      return (
        `The system does not allow attaching to process ${pid}: kernel.yama.ptrace_scope is 1, so only a program's parent may trace it. ` +
        `${launch} An administrator can allow attaching until the next reboot with: sudo sysctl kernel.yama.ptrace_scope=0`
      );
    case 2:
      return `The system allows only administrators to attach to processes (kernel.yama.ptrace_scope is 2). ${launch}`;
    case 3:
      return `Attaching to processes is switched off on this system (kernel.yama.ptrace_scope is 3) until the next reboot. ${launch}`;
    default:
      return (
        `The system does not allow attaching to process ${pid}. It may belong to another user, already be traced by a debugger, ` +
        `or Triage may run in a container without the ptrace permission (CAP_SYS_PTRACE). ${launch}`
      );
  }
}
