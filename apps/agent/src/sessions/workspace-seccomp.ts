/**
 * The seccomp profile of workspaces whose browser keeps its own sandbox (`userNamespaces`).
 *
 * Chromium's sandbox (and Firefox's, where it can) puts each renderer in new user, PID and network namespaces and
 * chroots it into an empty directory. Docker's default profile refuses exactly that to a container without
 * CAP_SYS_ADMIN (clone and unshare with namespace flags, chroot without CAP_SYS_CHROOT), which leaves two choices:
 * `--no-sandbox` (every web page one renderer bug away from the user's whole session) or a profile that allows
 * unprivileged user namespaces. Atrium takes the second: the container still has no capabilities, a read-only root
 * and no-new-privileges, and this profile still refuses what Docker's refuses besides those calls: loading kernel
 * code (modules, kexec, BPF), mounting (even inside a namespace), keyrings, performance counters, the clock,
 * swap, reboot, raw I/O ports and io_uring. The cost is the kernel's user-namespace code reachable from a workspace,
 * which docs/workspace-images.md names.
 */
const REFUSED_SYSCALLS = [
  // kernel code and its configuration
  'init_module',
  'finit_module',
  'delete_module',
  'create_module',
  'query_module',
  'get_kernel_syms',
  'kexec_load',
  'kexec_file_load',
  'bpf',
  'perf_event_open',
  'lookup_dcookie',
  'syslog',
  '_sysctl',
  'sysfs',
  'nfsservctl',
  'uselib',
  'ustat',
  'personality',
  // file systems: even in a namespace of its own, a workspace mounts nothing
  'mount',
  'umount',
  'umount2',
  'pivot_root',
  'mount_setattr',
  'move_mount',
  'open_tree',
  'fsopen',
  'fsconfig',
  'fsmount',
  'fspick',
  'quotactl',
  'quotactl_fd',
  'open_by_handle_at',
  'name_to_handle_at',
  'swapon',
  'swapoff',
  'acct',
  'fanotify_init',
  // joining namespaces it did not create (the host's, through a leaked descriptor)
  'setns',
  // keyrings, time, the machine
  'add_key',
  'request_key',
  'keyctl',
  'settimeofday',
  'stime',
  'clock_settime',
  'clock_adjtime',
  'adjtimex',
  'reboot',
  'vhangup',
  'iopl',
  'ioperm',
  'vm86',
  'vm86old',
  // memory placement and other processes' memory
  'move_pages',
  'mbind',
  'set_mempolicy',
  'migrate_pages',
  'kcmp',
  'process_vm_readv',
  'process_vm_writev',
  'userfaultfd',
  // io_uring bypasses seccomp for the operations it queues
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
];

const EPERM = 1;

/** The profile as Docker's API takes it (`SecurityOpt: ["seccomp=<json>"]`): everything else allowed. */
export function userNamespaceSeccompProfile(): string {
  return JSON.stringify({
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [{ names: REFUSED_SYSCALLS, action: 'SCMP_ACT_ERRNO', errnoRet: EPERM }],
  });
}
