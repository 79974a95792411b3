#ifndef C_SYSTEM_SHIMS_H
#define C_SYSTEM_SHIMS_H

#include <stdint.h>

/// Asks the kernel to send `signal` to the calling process when its parent dies (Linux prctl
/// PR_SET_PDEATHSIG). Returns 0 on success, -1 elsewhere or on error.
int strangler_set_parent_death_signal(int signal);

/// Asks the kernel for a scheduler slice of `nanoseconds` for the calling thread, policy and nice unchanged
/// (Linux 6.12+ EEVDF custom slices: `sched_setattr` with `sched_runtime`, clamped to 0.1-100 ms). A thread
/// with a shorter slice than the one running preempts it when it wakes up. Older kernels accept and ignore
/// it. Returns 0 on success, -1 elsewhere or on error.
int strangler_request_scheduler_slice(uint64_t nanoseconds);

/// Moves the calling thread to the lowest CPU weight (nice 19; on Linux nice is per thread), for work that
/// must give way to the threads serving users when they share a core: it still runs whenever the core has
/// time to spare. Needs no privilege. Returns 0 on success, -1 elsewhere or on error.
int strangler_yield_thread_to_users(void);

#endif
