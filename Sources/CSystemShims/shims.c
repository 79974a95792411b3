#ifdef __linux__
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#include "CSystemShims.h"

#ifdef __linux__

int strangler_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal);
}

/// `struct sched_attr` as the kernel defines it (SCHED_ATTR_SIZE_VER0); glibc 2.36 does not declare it.
struct strangler_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
};

int strangler_request_scheduler_slice(uint64_t nanoseconds) {
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    if (errno != 0) return -1;
    struct strangler_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = 0;  // SCHED_OTHER, as before
    attr.sched_nice = nice; // unchanged
    attr.sched_runtime = nanoseconds;
    return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
}

int strangler_yield_thread_to_users(void) {
    return setpriority(PRIO_PROCESS, 0, 19);  // who 0: the calling thread (Linux/NPTL)
}
#else
int strangler_set_parent_death_signal(int signal) {
    (void)signal;
    return -1;
}

int strangler_request_scheduler_slice(uint64_t nanoseconds) {
    (void)nanoseconds;
    return -1;
}

int strangler_yield_thread_to_users(void) {
    return -1;
}
#endif
