#include "CSystemShims.h"

#ifdef __linux__
#include <sys/prctl.h>

int strangler_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal);
}
#else
int strangler_set_parent_death_signal(int signal) {
    (void)signal;
    return -1;
}
#endif
