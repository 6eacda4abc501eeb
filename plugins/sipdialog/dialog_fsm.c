/* dialog_fsm.c: state and outcome rules (see dialog_fsm.h). */
#include "plugins/sipdialog/dialog_fsm.h"

#include <string.h>

gboolean sd_method_is(const char *method, const char *name)
{
    return method && strcmp(method, name) == 0;
}

gboolean sd_method_creates_dialog(const char *method)
{
    return sd_method_is(method, "INVITE") || sd_method_is(method, "SUBSCRIBE") ||
           sd_method_is(method, "REFER") || sd_method_is(method, "NOTIFY");
}

gboolean sd_response_creates_dialog(const char *cseq_method, guint status, gboolean has_to_tag)
{
    if (!has_to_tag)
        return FALSE;
    if (status > 100 && status < 200)
        return sd_method_is(cseq_method, "INVITE");
    if (status >= 200 && status < 300)
        return sd_method_creates_dialog(cseq_method);
    return FALSE;
}

gboolean sd_status_is_challenge(guint status)
{
    return status == 401 || status == 407;
}

sd_outcome_t sd_outcome_for_final(guint status, gboolean challenged, gboolean had_auth)
{
    if (status < 300)
        return status >= 200 ? SD_OUTCOME_ANSWERED : SD_OUTCOME_IN_PROGRESS;
    if (status < 400)
        return SD_OUTCOME_REDIRECTED;
    switch (status) {
    case 401:
    case 407:
        return SD_OUTCOME_AUTH_FAILED;
    case 403:
        return (challenged || had_auth) ? SD_OUTCOME_AUTH_FAILED : SD_OUTCOME_REJECTED;
    case 486:
    case 600:
        return SD_OUTCOME_BUSY;
    case 487:
        return SD_OUTCOME_CANCELLED;
    case 408:
    case 480:
        return SD_OUTCOME_UNANSWERED;
    default:
        return SD_OUTCOME_REJECTED;
    }
}

sd_state_t sd_state_on_provisional(sd_state_t s, gboolean has_to_tag)
{
    switch (s) {
    case SD_STATE_NONE:
    case SD_STATE_CALLING:
        return has_to_tag ? SD_STATE_EARLY : SD_STATE_PROCEEDING;
    case SD_STATE_PROCEEDING:
        return has_to_tag ? SD_STATE_EARLY : SD_STATE_PROCEEDING;
    default:
        return s;    /* early stays early; later states are not moved back by a late 1xx */
    }
}

sd_state_t sd_state_on_2xx_initial(sd_state_t s)
{
    switch (s) {
    case SD_STATE_TERMINATING:
    case SD_STATE_TERMINATED:
        return s;   /* a late 2xx retransmission after BYE */
    default:
        return SD_STATE_CONFIRMED;
    }
}

sd_state_t sd_state_on_final_error(sd_state_t s, guint status, gboolean was_confirmed)
{
    if (was_confirmed || s == SD_STATE_CONFIRMED || s == SD_STATE_TERMINATED ||
        s == SD_STATE_FAILED)
        return s;   /* established (an error elsewhere does not end it), or already over */
    /* calling/proceeding/early, or an early dialog being cancelled (terminating) */
    return status == 487 ? SD_STATE_TERMINATED : SD_STATE_FAILED;
}

sd_state_t sd_state_on_bye(sd_state_t s)
{
    return s == SD_STATE_TERMINATED ? s : SD_STATE_TERMINATING;
}

sd_state_t sd_state_on_bye_final(sd_state_t s)
{
    (void)s;
    return SD_STATE_TERMINATED;   /* RFC 3261 15.1.1: the session ends whatever the answer */
}
