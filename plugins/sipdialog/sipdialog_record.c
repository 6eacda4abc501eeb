/* sipdialog_record.c: value strings and derived values of the sipdialog records. */
#include "plugins/sipdialog/sipdialog_record.h"
#include "plugins/sipdialog/dialog_fsm.h"

const char *sd_state_str(sd_state_t s)
{
    switch (s) {
    case SD_STATE_CALLING:     return "calling";
    case SD_STATE_PROCEEDING:  return "proceeding";
    case SD_STATE_EARLY:       return "early";
    case SD_STATE_CONFIRMED:   return "confirmed";
    case SD_STATE_TERMINATING: return "terminating";
    case SD_STATE_TERMINATED:  return "terminated";
    case SD_STATE_FAILED:      return "failed";
    default:                   return NULL;
    }
}

const char *sd_outcome_str(sd_outcome_t o)
{
    switch (o) {
    case SD_OUTCOME_IN_PROGRESS: return "in-progress";
    case SD_OUTCOME_ANSWERED:    return "answered";
    case SD_OUTCOME_BUSY:        return "busy";
    case SD_OUTCOME_REJECTED:    return "rejected";
    case SD_OUTCOME_CANCELLED:   return "cancelled";
    case SD_OUTCOME_UNANSWERED:  return "unanswered";
    case SD_OUTCOME_AUTH_FAILED: return "auth-failed";
    case SD_OUTCOME_REDIRECTED:  return "redirected";
    case SD_OUTCOME_FAILED:      return "failed";
    default:                     return NULL;
    }
}

const char *sd_side_str(sd_side_t s)
{
    switch (s) {
    case SD_SIDE_CALLER: return "caller";
    case SD_SIDE_CALLEE: return "callee";
    default:             return NULL;
    }
}

const char *sd_sdp_role_str(sd_sdp_role_t r)
{
    switch (r) {
    case SD_SDP_OFFER:  return "offer";
    case SD_SDP_ANSWER: return "answer";
    default:            return NULL;
    }
}

/* Outcome rules, in order:
 *  1. no initial (dialog-less) request seen: none (the capture started mid-call);
 *  2. a 2xx to an initial request on any leg: answered (final, even if cancelled or
 *     rejected on other forks);
 *  3. a final response >= 300 to the latest attempt: sd_outcome_for_final() (a 401/407
 *     stays in-progress while the UAC may still retry: until the capture is complete or
 *     32 s passed without a retry);
 *  4. a CANCEL of the initial INVITE without final response yet: cancelled;
 *  5. no response at all 32 s (Timer B/F) after the attempt while the capture went on:
 *     failed (the request timed out);
 *  6. otherwise in-progress (also when the capture ends first). */
sd_outcome_t sd_call_outcome(const sd_call_t *c)
{
    const sd_clock_t *clk;
    if (!c || !c->has_initial)
        return SD_OUTCOME_NONE;
    if (c->answered)
        return SD_OUTCOME_ANSWERED;
    clk = c->clock;
    if (c->outcome_final != SD_OUTCOME_NONE) {
        if (c->challenge_pending && clk && !clk->complete &&
            clk->now_ns - c->final_ts < SD_TIMER_64T1_NS)
            return SD_OUTCOME_IN_PROGRESS;
        return c->outcome_final;
    }
    if (c->cancel_frame)
        return SD_OUTCOME_CANCELLED;
    if (!c->provisional && clk && clk->now_ns - c->attempt_ts > SD_TIMER_64T1_NS)
        return SD_OUTCOME_FAILED;
    return SD_OUTCOME_IN_PROGRESS;
}

static gint64 span(gint64 from, guint32 from_frame, gint64 to, guint32 to_frame)
{
    if (!from_frame || !to_frame || to < from)
        return -1;
    return to - from;
}

gint64 sd_call_pdd_ns(const sd_call_t *c)
{
    return c ? span(c->invite_ts, c->invite_frame, c->ringing_ts, c->ringing_frame) : -1;
}

gint64 sd_call_setup_ns(const sd_call_t *c)
{
    return c ? span(c->invite_ts, c->invite_frame, c->answer_ts, c->answer_frame) : -1;
}

gint64 sd_call_duration_ns(const sd_call_t *c)
{
    return c ? span(c->ack_ts, c->ack_frame, c->bye_ts, c->bye_frame) : -1;
}

const sd_leg_t *sd_call_leg(const sd_call_t *c, guint n)
{
    if (!c)
        return NULL;
    for (const sd_leg_t *l = c->legs; l; l = l->next)
        if (l->number == n)
            return l;
    return NULL;
}
