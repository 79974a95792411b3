#ifndef C_SYSTEM_SHIMS_H
#define C_SYSTEM_SHIMS_H

/// Asks the kernel to send `signal` to the calling process when its parent dies (Linux prctl
/// PR_SET_PDEATHSIG). Returns 0 on success, -1 elsewhere or on error.
int strangler_set_parent_death_signal(int signal);

#endif
