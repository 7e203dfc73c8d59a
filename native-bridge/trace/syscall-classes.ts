import type { SyscallClass } from '../contract/trace.js';

/**
 * Roughly strace's own %file, %network, %process, %memory, %signal, %ipc and %desc sets (x86_64 names),
 * so a filter in Triage means what `-e trace=%file` means. A syscall sits in its most telling class:
 * `openat` is file (strace puts it in both %file and %desc).
 */
const TABLE: Record<Exclude<SyscallClass, 'library' | 'other'>, string> = {
  file:
    'open openat openat2 creat access faccessat faccessat2 stat lstat fstatat newfstatat stat64 lstat64 statx statfs ' +
    'truncate chdir chroot chmod fchmodat fchmodat2 chown lchown fchownat link linkat unlink unlinkat symlink symlinkat ' +
    'readlink readlinkat rename renameat renameat2 mkdir mkdirat rmdir mknod mknodat utime utimes utimensat futimesat ' +
    'execve execveat getcwd getxattr lgetxattr setxattr lsetxattr listxattr llistxattr removexattr lremovexattr ' +
    'mount umount umount2 pivot_root swapon swapoff quotactl name_to_handle_at inotify_add_watch fanotify_mark ' +
    'uselib acct open_tree move_mount fsconfig fspick mount_setattr',
  network:
    'socket socketpair bind listen accept accept4 connect getsockname getpeername sendto recvfrom sendmsg recvmsg ' +
    'sendmmsg recvmmsg setsockopt getsockopt shutdown',
  process:
    'clone clone3 fork vfork exit exit_group wait4 waitid kill tkill tgkill pidfd_open pidfd_send_signal pidfd_getfd ' +
    'setsid setpgid getpgid getpgrp getpid getppid gettid set_tid_address prctl arch_prctl unshare setns ptrace ' +
    'setuid setgid setreuid setregid setresuid setresgid getuid geteuid getgid getegid getresuid getresgid ' +
    'capget capset sched_yield sched_setaffinity sched_getaffinity setpriority getpriority prlimit64 getrlimit ' +
    'setrlimit getrusage set_robust_list get_robust_list rseq seccomp personality',
  memory:
    'brk mmap mmap2 munmap mremap mprotect pkey_mprotect madvise mlock mlock2 munlock mlockall munlockall mincore ' +
    'msync remap_file_pages mbind set_mempolicy get_mempolicy migrate_pages move_pages process_madvise memfd_secret',
  signal:
    'rt_sigaction rt_sigprocmask rt_sigreturn rt_sigsuspend rt_sigpending rt_sigtimedwait rt_sigqueueinfo ' +
    'rt_tgsigqueueinfo sigaltstack signalfd signalfd4 pause alarm sigaction sigprocmask sigreturn signal',
  ipc:
    'msgget msgsnd msgrcv msgctl semget semop semtimedop semctl shmget shmat shmdt shmctl mq_open mq_unlink ' +
    'mq_timedsend mq_timedreceive mq_notify mq_getsetattr futex futex_waitv',
  desc:
    'read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 close close_range dup dup2 dup3 pipe ' +
    'pipe2 fcntl ioctl lseek fstat fstatfs fsync fdatasync ftruncate fchdir fchmod fchown flock fadvise64 fallocate ' +
    'getdents getdents64 poll ppoll select pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait ' +
    'epoll_pwait2 eventfd eventfd2 timerfd_create timerfd_settime timerfd_gettime sendfile splice tee vmsplice ' +
    'copy_file_range inotify_init inotify_init1 fanotify_init memfd_create userfaultfd io_uring_setup io_uring_enter ' +
    'readahead sync_file_range syncfs fgetxattr fsetxattr flistxattr fremovexattr pidfd_open',
};

const classOf = new Map<string, SyscallClass>();
for (const [cls, names] of Object.entries(TABLE) as [SyscallClass, string][]) {
  for (const name of names.split(' ')) if (name && !classOf.has(name)) classOf.set(name, cls);
}

export function syscallClass(name: string): SyscallClass {
  return classOf.get(name) ?? 'other';
}
